/**
 * The dynamic mask of {@link dynamicMask} (`leaf-masks.ts`) written as a loop: every code point
 * but `- _ . space` becomes `*` (a surrogate pair is one `*`, a lone surrogate too). About three
 * times faster than the regular expression, but larger: the erase-only bundle, which has a size
 * ceiling, keeps the regular expression, and `@Erase({ dynamicMask: true })` uses this one (a
 * property test holds the two equal). Written by hand: no library does this one replacement.
 * @internal
 */
export const dynamicMaskLoop = (text: string): string => {
  let masked = '';
  const { length } = text;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x2d || code === 0x5f || code === 0x2e || code === 0x20) {
      masked += text[index];
    } else {
      masked += '*';
      // A high surrogate followed by a low one is one code point: one `*`.
      if ((code & 0xfc00) === 0xd800 && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) index++;
    }
  }
  return masked;
};
