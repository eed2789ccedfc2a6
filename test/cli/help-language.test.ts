// --help speaks the learner's language (--lang, or LANG=ja_JP.UTF-8), and every command's help
// lists the options common to all commands (--embedded, --endpoint, --lang, …), wrapped to fit
// the terminal. The README's reference stays English (test/cli/readme-cli-reference.test.ts).
import { describe, expect, it } from '@jest/globals';
import { buildProgram } from '../../src/program.js';
import { textWidth } from '../../src/ui/text/width.js';
import { runCli } from '../helpers/cli.js';

const commands = buildProgram({ stdout: () => {}, stderr: () => {} }, () => {}, 'en').commands.map((c) => c.name()).filter((n) => n !== 'help');
const COMMON = ['--endpoint <url>', '--embedded', '--lang <lang>', '--state-dir <dir>', '-y, --yes', '--no-color', '--allow-aws'];

describe('help in the chosen language', () => {
  it('--lang ja and LANG=ja_JP.UTF-8 give Japanese help; English otherwise', async () => {
    const flag = await runCli(['--help', '--lang', 'ja']);
    expect(flag.code).toBe(0);
    expect(flag.stdout).toMatch(/^使い方: serverless-tutorial/);
    expect(flag.stdout).toContain('オプション:');
    expect(flag.stdout).toContain('コマンド:');
    expect(flag.stdout).toContain('内蔵エンドポイントをこのプロセスの中で起動する');
    expect(flag.stdout).not.toContain('start the built-in endpoint');
    const locale = await runCli(['check', '--help'], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(locale.stdout).toMatch(/^使い方: serverless-tutorial check/);
    // (the value notes may wrap; a no-break space keeps "既定: …" together)
    expect(locale.stdout.replace(/[ \n]+/g, ' ')).toContain('(選べる値: "text", "json", "junit", "html", 既定:\u00a0"text")');
    const english = await runCli(['check', '--help']);
    expect(english.stdout).toMatch(/^Usage: serverless-tutorial check/);
    expect(english.stdout.replace(/[ \n]+/g, ' ')).toContain('(choices: "text", "json", "junit", "html", default: "text")');
  });

  it('every command’s help lists the common options, in both languages, within 80 columns', async () => {
    for (const name of commands) {
      for (const lang of ['en', 'ja']) {
        const run = await runCli([name, '--help', '--lang', lang], { env: { COLUMNS: '80' } });
        expect({ name, lang, code: run.code }).toEqual({ name, lang, code: 0 });
        const common = run.stdout.slice(run.stdout.indexOf(lang === 'ja' ? '共通オプション' : 'Common options'));
        expect({ name, lang, heading: common.length > 0 && common !== run.stdout }).toEqual({ name, lang, heading: true });
        for (const option of COMMON) expect({ name, lang, option, listed: common.includes(option) }).toEqual({ name, lang, option, listed: true });
        const wide = run.stdout.split('\n').filter((line) => textWidth(line) > 80);
        expect({ name, lang, wide }).toEqual({ name, lang, wide: [] });
      }
    }
  }, 120_000);
});
