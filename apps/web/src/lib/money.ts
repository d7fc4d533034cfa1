/** Figures: counts as integers with thousands separators; money stored in fen, shown in yuan. */
export function groupThousands(s: string): string {
  const [int, frac] = s.split('.');
  const grouped = (int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

export function fenToYuan(fen: number): number {
  return fen / 100;
}

export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

export function formatFigure(value: number | null | undefined, kind: string): string {
  if (value === null || value === undefined) return '—';
  return kind === 'MONEY' ? groupThousands(fenToYuan(value).toFixed(2)) : groupThousands(String(value));
}
