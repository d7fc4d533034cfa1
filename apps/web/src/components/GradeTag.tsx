import { Tag } from 'antd';
import { useTexts, type TextTable } from '../app/i18n';

/** Risk grades as people read them: the registry's files and the monitoring panel show them. */
export const GRADE_TEXT: TextTable = { RED: ['红色', 'Red'], ORANGE: ['橙色', 'Orange'], YELLOW: ['黄色', 'Yellow'], GREEN: ['绿色', 'Green'] };
const GRADE_COLORS: Record<string, string> = { RED: 'red', ORANGE: 'orange', YELLOW: 'gold', GREEN: 'green' };

/** A risk grade in its colour (red, orange, yellow, green); a dash when the child is not graded. */
export function GradeTag({ grade }: { grade: string | null | undefined }) {
  const text = useTexts(GRADE_TEXT);
  if (!grade) return <span>—</span>;
  return <Tag color={GRADE_COLORS[grade]}>{text(grade)}</Tag>;
}
