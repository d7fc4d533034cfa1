import { Alert, Input } from 'antd';
import { labelStyle } from './labelStyle';

/** The warnings the server named on submit, each with its explanation's text box. */
export function Explanations({
  warnings,
  title,
  heading,
  texts,
  disabled,
  onChange,
}: {
  warnings: { key: string; label: string }[];
  title: string;
  heading: string;
  texts: Record<string, string>;
  disabled: boolean;
  onChange(key: string, text: string): void;
}) {
  return (
    <section aria-label={title}>
      <Alert type="warning" showIcon title={heading} style={{ marginBottom: 8 }} />
      {warnings.map(({ key, label }) => (
        <div key={key} style={{ marginBottom: 8 }}>
          <label htmlFor={`x-${key}`} style={labelStyle}>
            {label}
          </label>
          <Input.TextArea id={`x-${key}`} rows={2} value={texts[key] ?? ''} disabled={disabled} onChange={(e) => onChange(key, e.target.value)} />
        </div>
      ))}
    </section>
  );
}

/** Why a save or a submit did not go through. */
export function ProblemAlert({ text }: { text: string }) {
  return <Alert type="error" role="alert" showIcon title={text} style={{ margin: '8px 0' }} />;
}
