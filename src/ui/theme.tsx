// Colours and animation as the run allows: none with NO_COLOR / --no-color, no animation off a TTY.
import React, { createContext, useContext } from 'react';
import type { SegmentStyle } from './text/wrap.js';

export interface Theme {
  /** Colours and bold; false with NO_COLOR or --no-color. */
  color: boolean;
  /** Spinners and ticking clocks; false when stdout is not a terminal. */
  animate: boolean;
  /** Links as OSC 8 hyperlinks (terminals that open them on a click). Default false. */
  hyperlinks?: boolean;
}

const ThemeContext = createContext<Theme | undefined>(undefined);

export function ThemeProvider({ theme, children }: { theme: Theme; children: React.ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  const theme = useContext(ThemeContext);
  if (!theme) throw new Error('useTheme must be used inside <ThemeProvider>');
  return theme;
}

export interface TextStyle {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
  underline?: boolean;
}

const STYLES: Record<SegmentStyle, TextStyle> = {
  plain: {},
  bold: { bold: true },
  heading: { bold: true, color: 'cyan' },
  code: { color: 'yellow' },
  command: { color: 'green' },
  dim: { dimColor: true },
  quote: { dimColor: true },
  block: { color: 'yellow' },
  link: { underline: true },
  url: { color: 'blue', underline: true },
};

/** Ink Text props for a style; nothing at all when colour is off. */
export function styleProps(style: SegmentStyle | 'ok' | 'bad' | 'warn' | 'accent', theme: Theme): TextStyle {
  if (!theme.color) return {};
  switch (style) {
    case 'ok':
      return { color: 'green' };
    case 'bad':
      return { color: 'red' };
    case 'warn':
      return { color: 'yellow' };
    case 'accent':
      return { color: 'cyan', bold: true };
    default:
      return STYLES[style];
  }
}
