import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { useClient, useMutation } from 'urql';
import { useMessage } from '../../app/feedback';
import { GROUP_TEXT, GROUPS, useI18n, useTexts, type TextTable } from '../../app/i18n';
import { problemOf, type Violation } from '../../lib/client';
import { LOOK as token } from '../../app/look';
import { Antd } from '../../app/Antd';
import { fenToYuan, yuanToFen } from '../../lib/money';
import { ReportDocument, SaveReportDocument, SubmitReportDocument } from './operations';
import { valuesOf, type IndicatorData, type ReportData, type Values } from './types';
import { FigureInput } from './FigureInput';
import { labelStyle } from './labelStyle';

interface Props {
  unit: { code: string; name: string; level: string };
  period: string;
  indicators: IndicatorData[];
  report: ReportData | null;
  previous: { status: string; values: { indicator: string; value: number }[] } | null;
  onChanged(): void;
}

interface Conflict {
  theirs: ReportData;
  base: Values;
  mine: Values;
}

const TEXTS = { yuan: ['元', 'yuan'] } as const satisfies TextTable;


// The conflict dialog (antd Modal and Table) only when a conflict happens: it stays out of the entry screen's first load.
const ConflictDialog = lazy(() => import('./ConflictDialog'));
// So do the warnings' explanations and the problem's alert (antd Alert and TextArea), shown after a save or a submit.
const alerts = () => import('./EntryAlerts');
const Explanations = lazy(() => alerts().then((m) => ({ default: m.Explanations })));
const ProblemAlert = lazy(() => alerts().then((m) => ({ default: m.ProblemAlert })));

/** The unit's own figures for the month: every E rule at its field on save, an explanation beside each W rule on submit. */
export function EntryForm({ unit, period, indicators, report, previous, onChanged }: Props) {
  const { t, named, rule, reason } = useI18n();
  const tx = useTexts(TEXTS);
  const group = useTexts(GROUP_TEXT);
  const message = useMessage();
  const client = useClient();
  const [saveState, save] = useMutation(SaveReportDocument);
  const [submitState, submit] = useMutation(SubmitReportDocument);
  const [current, setCurrent] = useState<ReportData | null>(report);
  const [base, setBase] = useState<Values>(() => valuesOf(report?.values));
  const [values, setValues] = useState<Values>(() => valuesOf(report?.values));
  const [errors, setErrors] = useState<Violation[]>([]);
  const [explanations, setExplanations] = useState<Record<string, string>>(() =>
    Object.fromEntries((report?.explanations ?? []).map((e) => [`${e.rule}:${e.indicator}`, e.text])),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const version = current?.version ?? 0;
  // what the server says the caller may do now (before the first save there is no report to ask about: the save decides)
  const editable = !current || current.actions.includes('SAVE');
  const submittable = !current || current.actions.includes('SUBMIT');
  const [pending, setPending] = useState<{ rule: string; indicators: string[]; message: string }[]>([]);
  // Warnings are judged on submit: those the server named (refused submit) or those stored with the report.
  const warnings = pending.length ? pending : (current?.warnings ?? []);

  const byCode = useMemo(() => new Map(indicators.map((i) => [i.code, i])), [indicators]);
  const groups = useMemo(() => {
    const seen = new Set<string>();
    const out = GROUPS.map((g) => {
      const items = g.codes.filter((c) => byCode.has(c)).map((c) => byCode.get(c)!);
      items.forEach((i) => seen.add(i.code));
      return { key: g.key, title: group(g.key), items };
    });
    const rest = indicators.filter((i) => !seen.has(i.code));
    if (rest.length) out.push({ key: 'other', title: group('other'), items: rest });
    return out.filter((g) => g.items.length);
  }, [byCode, indicators, group]);
  const order = groups.flatMap((g) => g.items.map((i) => i.code));
  const nameOf = (code: string) => (byCode.has(code) ? named(byCode.get(code)!) : code);

  const errorsAt = (code: string) => errors.filter((e) => e.indicators?.includes(code));
  const valueList = (v: Values) =>
    order.filter((c) => v[c] !== null && v[c] !== undefined).map((c) => ({ indicator: c, value: v[c] as number }));

  async function doSave(v: Values, expectedVersion: number, baseForConflict: Values): Promise<ReportData | null> {
    setProblem(null);
    const r = await save({ input: { unitCode: unit.code, period, values: valueList(v), expectedVersion } });
    const p = problemOf(r.error);
    if (p?.reason === 'VALIDATION_FAILED') {
      setErrors(p.violations);
      setProblem(reason(p.reason));
      return null;
    }
    if (p?.reason === 'VERSION_MISMATCH') {
      const fresh = await client.query(ReportDocument, { code: unit.code, period }, { requestPolicy: 'network-only' }).toPromise();
      if (fresh.data?.report) setConflict({ theirs: fresh.data.report, base: baseForConflict, mine: v });
      return null;
    }
    if (p) {
      setProblem(reason(p.reason, p.message));
      return null;
    }
    const saved = r.data!.saveReport;
    setErrors([]);
    setCurrent(saved);
    setBase(valuesOf(saved.values));
    setValues(valuesOf(saved.values));
    message.success(t('saved'));
    onChanged();
    return saved;
  }

  async function onSubmit() {
    let rep = current;
    const dirty = order.some((c) => (values[c] ?? null) !== (base[c] ?? null));
    if (!rep || dirty) rep = await doSave(values, version, base);
    if (!rep) return;
    const explain = (pending.length ? pending : rep.warnings).map((w) => ({ rule: w.rule, indicator: w.indicators[0] ?? '', text: explanations[`${w.rule}:${w.indicators[0] ?? ''}`] ?? '' }));
    if (explain.some((e) => !e.text.trim())) {
      setProblem(t('explainEach'));
      return;
    }
    const r = await submit({ input: { unitCode: unit.code, period, expectedVersion: rep.version, explanations: explain } });
    const p = problemOf(r.error);
    if (p) {
      const ws = p.violations.filter((v) => v.rule.startsWith('W')).map((v) => ({ rule: v.rule, indicators: v.indicators ?? [], message: v.message }));
      if (p.reason === 'VALIDATION_FAILED') setErrors(p.violations.filter((v) => v.rule.startsWith('E')));
      if (ws.length) {
        setPending(ws);
        setProblem(t('warningsNeedExplanation'));
      } else setProblem(reason(p.reason, p.message));
      return;
    }
    setCurrent(r.data!.submitReport);
    setPending([]);
    message.success(t('submitted'));
    onChanged();
  }

  function resolveConflict(choice: 'mine' | 'merge' | 'theirs') {
    if (!conflict) return;
    const theirs = valuesOf(conflict.theirs.values);
    let next: Values;
    if (choice === 'theirs') next = theirs;
    else if (choice === 'mine') next = conflict.mine;
    else {
      next = { ...theirs };
      for (const c of order) if ((conflict.mine[c] ?? null) !== (conflict.base[c] ?? null)) next[c] = conflict.mine[c] ?? null;
    }
    setConflict(null);
    setCurrent(conflict.theirs);
    setBase(theirs);
    setValues(next);
    if (choice !== 'theirs') void doSave(next, conflict.theirs.version, theirs);
  }

  function copyLast() {
    if (previous?.status !== 'APPROVED') return;
    const v = valuesOf(previous.values);
    setValues(Object.fromEntries(order.map((c) => [c, v[c] ?? null])));
  }

  const focusNext = (i: number) => inputs.current[i + 1]?.focus();

  return (
    <div>
      {/* plain buttons and inputs styled as antd's (app/plain.css): the form shows without waiting for their component styles */}
      <div className="cn-row" style={{ marginBottom: 12 }}>
        <button type="button" className="cn-btn" onClick={copyLast} disabled={!editable || previous?.status !== 'APPROVED'}>
          {t('copyLast')}
        </button>
        {current?.savedBy ? (
          <span style={{ color: token.colorTextSecondary }}>
            {current.savedBy} · {current.savedAt?.slice(0, 16).replace('T', ' ')}
          </span>
        ) : null}
      </div>
      {/* plain labels and a grid (four columns at most, fewer as the screen narrows): antd's Form, Form.Item, Row/Col and Divider would bring their styles to compute before the first field shows */}
      <div>
        {groups.map((g) => (
          <section key={g.key} aria-label={g.title}>
            <div style={{ display: 'flex', alignItems: 'center', gap: 12, margin: '8px 0', fontWeight: 500, color: token.colorTextHeading }}>
              {g.title}
              <span aria-hidden style={{ flex: 1, borderTop: `1px solid ${token.colorSplit}` }} />
            </div>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(max(180px, calc((100% - 48px) / 4)), 1fr))', columnGap: 16 }}>
              {g.items.map((ind) => {
                const idx = order.indexOf(ind.code);
                const errs = errorsAt(ind.code);
                const money = ind.kind === 'MONEY';
                const v = values[ind.code];
                const id = `f-${ind.code}`;
                return (
                  <div key={ind.code} style={{ marginBottom: 12 }}>
                    <label htmlFor={id} style={labelStyle}>
                      {named(ind)}
                    </label>
                    <FigureInput
                      id={id}
                      inputRef={(el) => {
                        inputs.current[idx] = el;
                      }}
                      min={0}
                      max={money ? fenToYuan(ind.maxValue) : ind.maxValue}
                      precision={money ? 2 : 0}
                      disabled={!editable}
                      error={errs.length > 0}
                      value={v === null || v === undefined ? null : money ? fenToYuan(v) : v}
                      onChange={(x) => setValues((old) => ({ ...old, [ind.code]: x === null ? null : money ? yuanToFen(x) : x }))}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') {
                          e.preventDefault();
                          focusNext(idx);
                        }
                      }}
                      suffix={money ? tx('yuan') : undefined}
                      describedBy={errs.length ? `${id}-help` : undefined}
                    />
                    {errs.length ? (
                      <div id={`${id}-help`} style={{ color: token.colorError, fontSize: token.fontSize, lineHeight: token.lineHeight }}>
                        {errs.map((e) => `${rule(e.rule)}（${e.rule}）`).join('；')}
                      </div>
                    ) : null}
                  </div>
                );
              })}
            </div>
          </section>
        ))}
      </div>
      {warnings.length ? (
        <Antd>
          <Explanations
            warnings={warnings.map((w) => ({
              key: `${w.rule}:${w.indicators[0] ?? ''}`,
              label: `${t('explanation')}：${w.rule} ${rule(w.rule)} — ${w.indicators.map(nameOf).join('、')}`,
            }))}
            title={t('explanation')}
            heading={t('warningsNeedExplanation')}
            texts={explanations}
            disabled={!editable}
            onChange={(key, text) => setExplanations((o) => ({ ...o, [key]: text }))}
          />
        </Antd>
      ) : null}
      {problem ? (
        <Antd fallback={<div role="alert">{problem}</div>}>
          <ProblemAlert text={problem} />
        </Antd>
      ) : null}
      <div className="cn-row" style={{ marginTop: 8 }}>
        <button type="button" className="cn-btn" aria-busy={saveState.fetching || undefined} onClick={() => saveState.fetching || void doSave(values, version, base)} disabled={!editable}>
          {t('save')}
        </button>
        <button type="button" className="cn-btn cn-btn-primary" aria-busy={submitState.fetching || undefined} onClick={() => submitState.fetching || void onSubmit()} disabled={!submittable}>
          {t('submit')}
        </button>
      </div>
      {conflict ? (
        <Antd>
          <Suspense fallback={null}>
            <ConflictDialog
              text={t('conflictText', { who: conflict.theirs.savedBy ?? '' })}
              nameOf={nameOf}
              rows={order
                .filter((c) => (valuesOf(conflict.theirs.values)[c] ?? null) !== (conflict.base[c] ?? null) || (conflict.mine[c] ?? null) !== (conflict.base[c] ?? null))
                .map((c) => ({ code: c, theirs: valuesOf(conflict.theirs.values)[c] ?? null, mine: conflict.mine[c] ?? null, kind: byCode.get(c)?.kind ?? 'COUNT' }))}
              onCancel={() => setConflict(null)}
              onResolve={resolveConflict}
            />
          </Suspense>
        </Antd>
      ) : null}
    </div>
  );
}
