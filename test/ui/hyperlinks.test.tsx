// Links in the lesson's pages: the text and its address are both shown (any terminal can copy the
// address); where the terminal opens links (supports-hyperlinks says so) both are OSC 8 hyperlinks
// too, which take no columns: the lines are as wide as without them.
import { describe, expect, it } from '@jest/globals';
import React from 'react';
import { render } from 'ink-testing-library';
import { Box } from 'ink';
import { ThemeProvider } from '../../src/ui/theme.js';
import { StyledLine } from '../../src/ui/components/StyledLine.js';
import { renderMarkdown } from '../../src/ui/text/markdown.js';
import { lineText } from '../../src/ui/text/wrap.js';
import { loadDefaultLesson } from '../../src/lesson/index.js';

const OSC8 = /\u001b\]8;;([^\u0007]*)\u0007/g;

function frameOf(markdown: string, width: number, hyperlinks: boolean): string {
  const lines = renderMarkdown(markdown, width);
  const { lastFrame, unmount } = render(
    <ThemeProvider theme={{ color: false, animate: false, hyperlinks }}>
      <Box flexDirection="column" width={width + 1}>
        {lines.map((line, i) => (
          <StyledLine key={i} line={line} />
        ))}
      </Box>
    </ThemeProvider>,
  );
  const frame = lastFrame() ?? '';
  unmount();
  return frame;
}

describe('links', () => {
  it('show their text and address; OSC 8 only where the terminal opens links, taking no room', async () => {
    const lesson = await loadDefaultLesson();
    const step3 = lesson.steps.find((s) => s.id === 'function')!.body.ja;
    expect(step3).toContain('[sharp](https://sharp.pixelplumbing.com/)');
    expect(renderMarkdown(step3, 79).map(lineText).join('\n')).toContain('sharp (https://sharp.pixelplumbing.com/)');
    const plain = frameOf(step3, 79, false);
    const linked = frameOf(step3, 79, true);
    expect(plain).not.toMatch(OSC8);
    expect([...linked.matchAll(OSC8)].map((m) => m[1])).toContain('https://sharp.pixelplumbing.com/');
    // The same screen once the hyperlink sequences are taken out.
    expect(linked.replace(OSC8, '')).toBe(plain);
  });
});
