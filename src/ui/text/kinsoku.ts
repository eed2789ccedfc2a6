// Kinsoku shori (禁則処理): characters a line must not start or end with. JIS X 4051's core set,
// with the ASCII forms a terminal shows as well.

/** Closing brackets and quotes, punctuation, small kana, iteration and prolonged sound marks. */
export const NO_LINE_START: ReadonlySet<string> = new Set([
  ...')]}）］｝〕〉》」』】〙〗〟’”｠»',
  ...'、。，．,.・：；:;？！?!‼⁇⁈⁉%％',
  ...'ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻゠〜～‐゛゜ゝゞ…‥',
]);

/** Opening brackets and quotes. */
export const NO_LINE_END: ReadonlySet<string> = new Set([...'([{（［｛〔〈《「『【〘〖〝‘“｟«']);

/** Where a code span, command or URL too wide for a line is best split: just after one of these. */
export const SOFT_SPLIT_AFTER: ReadonlySet<string> = new Set([...'/:-,.=&?_;|']);
