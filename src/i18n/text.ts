// Every sentence a person reads exists in both languages; `Text` keeps the pair together so one
// cannot be added without the other.
import type { Lang } from '../config/language.js';

export interface Text {
  en: string;
  ja: string;
}

export function say(lang: Lang, text: Text): string {
  return text[lang];
}
