import { PNG } from 'pngjs';

export interface IconRule {
  size: number;
  /** Every pixel fully transparent or white (at any alpha), as Teams requires for the outline icon. */
  whiteOnTransparent: boolean;
}

/** What Teams requires of the two icons in an app package. */
export const ICON_RULES = {
  color: { size: 192, whiteOnTransparent: false },
  outline: { size: 32, whiteOnTransparent: true },
} satisfies Record<'color' | 'outline', IconRule>;

/** Problems with a PNG icon against its rule; empty when it conforms. */
export function iconProblems(name: string, png: Buffer, rule: IconRule): string[] {
  let image: PNG;
  try {
    image = PNG.sync.read(png);
  } catch (error) {
    return [`${name} is not a readable PNG: ${error instanceof Error ? error.message : String(error)}`];
  }
  const problems: string[] = [];
  if (image.width !== rule.size || image.height !== rule.size) {
    problems.push(`${name} is ${image.width}×${image.height} pixels; Teams requires ${rule.size}×${rule.size}`);
  }
  if (rule.whiteOnTransparent) {
    const offending = pixelsNeitherWhiteNorTransparent(image);
    if (offending.length > 0) {
      const [x, y] = offending[0]!;
      problems.push(`${name} has ${offending.length} pixel(s) neither white nor fully transparent (first at x=${x}, y=${y}); Teams requires white on transparent`);
    }
  }
  return problems;
}

function pixelsNeitherWhiteNorTransparent(image: Pick<PNG, 'width' | 'height' | 'data'>): Array<[number, number]> {
  const offending: Array<[number, number]> = [];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      const [r, g, b, a] = [image.data[i], image.data[i + 1], image.data[i + 2], image.data[i + 3]];
      if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) offending.push([x, y]);
    }
  }
  return offending;
}
