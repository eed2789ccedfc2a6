// Which language the runner speaks: --lang > SERVERLESS_TUTORIAL_LANG > LANG/LC_ALL starting `ja` > English.
export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

export function resolveLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag && isLang(flag)) return flag;
  const explicit = env.SERVERLESS_TUTORIAL_LANG?.toLowerCase();
  if (explicit && isLang(explicit)) return explicit;
  for (const locale of [env.LC_ALL, env.LANG]) {
    if (locale?.toLowerCase().startsWith('ja')) return 'ja';
  }
  return 'en';
}
