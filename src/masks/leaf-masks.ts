import type { DataRegex } from './regex';

/** Characters a dynamic mask keeps, so the masked value still shows its shape. */
const MASKED_BY_DYNAMIC = /[^\-_. ]/gu;

/** A mask for one scalar, given its text. */
export type TextMask = (text: string) => string;

/** Every character but `- _ . space` becomes `*`, one per code point (an emoji is one `*`). */
export const dynamicMask: TextMask = (text) => text.replace(MASKED_BY_DYNAMIC, '*');

/** The mask itself, cut to the value's length (in code points) when the mask is longer. */
export const customMask = (mask: string): TextMask => {
  const maskPoints = Array.from(mask);
  return (text) => {
    const length = codePointLength(text);
    return length >= maskPoints.length ? mask : maskPoints.slice(0, length).join('');
  };
};

/** Every match of the pattern replaced in JavaScript replacement syntax (`$1`, `$<name>`). */
export const regexMask =
  (pattern: DataRegex, format: string): TextMask =>
  (text) =>
    pattern.replaceAll(text, format);

const codePointLength = (text: string): number => {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) index++;
    length++;
  }
  return length;
};
