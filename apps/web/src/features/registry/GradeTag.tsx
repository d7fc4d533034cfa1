import { Tag } from 'antd';
import { GRADE_COLORS, useRegistryText } from './texts';

/** A risk grade in its colour (red, orange, yellow, green); a dash when the child is not graded. */
export function GradeTag({ grade }: { grade: string | null | undefined }) {
  const { e } = useRegistryText();
  if (!grade) return <span>—</span>;
  return <Tag color={GRADE_COLORS[grade]}>{e('grade', grade)}</Tag>;
}
