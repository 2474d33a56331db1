// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies and in greyscale
// print. Yellow is last because it is faint on white. Past the palette, lines also change dash so
// two series never look the same.

export const chartPalette: readonly string[] = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#000000',
  '#F0E442',
];

const dashPatterns: readonly string[] = ['', '6 3', '2 3', '8 3 2 3'];

export function paletteColour(index: number): string {
  return chartPalette[index % chartPalette.length] ?? '#000000';
}

export function paletteDash(index: number): string {
  return dashPatterns[Math.floor(index / chartPalette.length) % dashPatterns.length] ?? '';
}
