// The first frame comes before the session: start.ts renders with services that connect after it.
// The lesson is on screen and the header says it is connecting while the built-in endpoint starts;
// then the header names what answers and step 1 is checked. Quitting while it still connects
// releases the endpoint once it has started.
import { afterAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { tempDir } from '../helpers/endpoint.js';
import { unusedPort } from '../helpers/ports.js';
import { loadDefaultLesson } from '../../src/lesson/index.js';
import { connectingServices } from '../../src/ui/connecting-services.js';
import type { LessonServices } from '../../src/ui/services.js';
import { lessonServices, renderUi } from './harness.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Services whose session opens (the built-in endpoint on `url`, in this process) only when `release` is called. */
async function held(url: string) {
  const dir = tempDir('st-ui-connecting-');
  dirs.push(dir);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let opened: LessonServices | undefined;
  const services = connectingServices({
    lesson: await loadDefaultLesson(),
    endpoint: { url, kind: 'builtin', source: 'embedded' },
    notes: [],
    open: async () => {
      await gate;
      opened = await lessonServices({ endpoint: url, stateDir: join(dir, 'state'), embedded: true });
      return opened;
    },
  });
  return { services, release, opened: () => opened };
}

const answers = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = createConnection({ host: hostname, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('the guided UI before its session is open', () => {
  it('draws the opening page with "connecting…", then the endpoint, then checks step 1', async () => {
    const url = `http://127.0.0.1:${await unusedPort()}`;
    const { services, release } = await held(url);
    const ui = renderUi(services);
    try {
      // The first frame: the opening page (a first start), its header connecting to the address
      const first = await ui.waitFor(/connecting…/);
      expect(first).toContain('n start');
      expect(first).toContain(url);
      expect(await answers(url)).toBe(false);
      release();
      await ui.press('n');
      await ui.waitFor(/Step 1 done/);
      expect(ui.frame()).toMatch(new RegExp(`${url} · built-in endpoint`));
      expect(ui.frame()).not.toContain('connecting…');
    } finally {
      ui.unmount();
      await services.close();
    }
  }, 60_000);

  it('quitting while it connects: close() waits for the session and releases the endpoint', async () => {
    const url = `http://127.0.0.1:${await unusedPort()}`;
    const { services, release, opened } = await held(url);
    const ui = renderUi(services);
    await ui.waitFor(/connecting…/);
    ui.unmount();
    const closed = services.close();
    release();
    await closed;
    expect(opened()).toBeDefined();
    expect(await answers(url)).toBe(false);
  }, 60_000);
});
