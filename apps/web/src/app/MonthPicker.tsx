import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { duePeriod } from '../lib/period';

/**
 * The header's month picker: antd's DatePicker with dayjs (and only its zh-cn locale). Loaded after the
 * month field is first pointed at or focused, so the picker's weight is not on the entry form's way
 * (see MonthField in Shell).
 */
export default function MonthPicker({ period, lang, label, open, onChange }: { period: string; lang: 'zh' | 'en'; label: string; open: boolean; onChange(p: string): void }) {
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <DatePicker
      picker="month"
      allowClear={false}
      autoFocus={open}
      defaultOpen={open}
      aria-label={label}
      value={dayjs(`${period}-01`)}
      disabledDate={(d) => d.isAfter(dayjs(`${duePeriod()}-01`), 'month')}
      onChange={(d) => d && onChange(d.format('YYYY-MM'))}
      style={{ width: 120, flex: 'none' }}
    />
  );
}
