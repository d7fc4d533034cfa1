import { useState, type KeyboardEvent, type Ref } from 'react';
import { groupThousands } from '../../lib/money';

interface Props {
  id: string;
  /** The figure as shown (yuan for money), or null when empty. */
  value: number | null;
  min: number;
  max: number;
  /** Decimal places: 0 for a count, 2 for money. */
  precision: number;
  disabled?: boolean;
  error?: boolean;
  /** The unit after the figure (元). */
  suffix?: string;
  describedBy?: string;
  inputRef?: Ref<HTMLInputElement>;
  onChange(value: number | null): void;
  onKeyDown?(e: KeyboardEvent<HTMLInputElement>): void;
}

const format = (v: number | null, precision: number) => (v === null ? '' : groupThousands(precision > 0 ? v.toFixed(precision) : String(v)));
const round = (v: number, precision: number) => Number(v.toFixed(precision));
/** A figure as typed (thousands separators and spaces allowed), or undefined when it is not one yet ("1.", "-"). */
function parse(text: string): number | null | undefined {
  const s = text.replace(/[,\s]/g, '');
  if (s === '') return null;
  return /^(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : undefined;
}

/**
 * One figure of the entry form: a plain input that behaves as antd's InputNumber did there (thousands
 * separators, a figure out of range or with too many decimals brought within on leaving the field, the
 * arrow keys stepping by one) and looks like it (app/plain.css), without the component's render and
 * style work before the form shows. A figure in range is passed on as it is typed.
 */
export function FigureInput({ id, value, min, max, precision, disabled, error, suffix, describedBy, inputRef, onChange, onKeyDown }: Props) {
  const [typing, setTyping] = useState<string | null>(null);
  const inRange = (v: number) => v >= min && v <= max;
  const settle = (v: number) => round(Math.min(max, Math.max(min, v)), precision);
  const input = (
    <input
      id={id}
      ref={inputRef}
      role="spinbutton"
      inputMode={precision > 0 ? 'decimal' : 'numeric'}
      autoComplete="off"
      className={suffix ? undefined : `cn-input${error ? ' cn-error' : ''}`}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={value ?? undefined}
      aria-invalid={error || undefined}
      aria-describedby={describedBy}
      disabled={disabled}
      value={typing ?? format(value, precision)}
      onFocus={() => setTyping(format(value, precision))}
      onChange={(e) => {
        setTyping(e.target.value);
        const v = parse(e.target.value);
        if (v === null) onChange(null);
        else if (v !== undefined && inRange(v)) onChange(round(v, precision));
      }}
      onBlur={() => {
        const v = typing === null ? undefined : parse(typing);
        if (v !== undefined && v !== null && settle(v) !== value) onChange(settle(v));
        setTyping(null);
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault();
          const next = settle((value ?? 0) + (e.key === 'ArrowUp' ? 1 : -1));
          setTyping(format(next, precision));
          onChange(next);
        }
        onKeyDown?.(e);
      }}
    />
  );
  if (!suffix) return input;
  return (
    <span className={`cn-input cn-affix${error ? ' cn-error' : ''}${disabled ? ' cn-disabled' : ''}`}>
      {input}
      <span className="cn-suffix">{suffix}</span>
    </span>
  );
}
