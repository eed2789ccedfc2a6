// What every command receives: the options common to all commands (DESIGN §3: accepted before or
// after the command name) and where it writes. Commands and the parser both import these; the
// parser (program.ts) is never imported by a command.
import type { Lang } from '../config/language.js';

/** Options every command accepts, before or after the command name. */
export interface CommonOptions {
  endpoint?: string;
  embedded?: boolean;
  lang?: Lang;
  stateDir?: string;
  yes?: boolean;
  color: boolean;
  allowAws?: boolean;
  /** More host names the built-in endpoint answers to (`--allow-host`, repeatable). */
  allowHost?: string[];
  /** Web page origins the built-in endpoint trusts with every API (`--allow-origin`, repeatable). */
  allowOrigin?: string[];
}

/** Where a command writes: stdout for data and results, stderr for notes to the person. */
export interface ProgramIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}
