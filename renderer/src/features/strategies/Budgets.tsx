import { useState } from 'react';
import type { AllocationView } from '../../../../core/api/contract/orchestrator';
import type { StrategyConfigView } from '../../../../core/api/contract/live-strategies';
import { ApiError } from '../../../../core/api/errors';
import { api } from '../../api/client';
import { describeError, fieldErrors } from '../../api/errors';
import { FormProblem } from '../../app/FormProblem';
import { formatFee } from '../../app/format';
import { UnvaluedHoldings } from '../risk/AccountEquity';
import { useOrchestrated } from './useOrchestrated';
import './orchestration.css';

type Entry = { kind: 'percent' | 'amount'; value: string };

/** What the trader changed and has not saved yet; everything else shows the plan in force as it moves. */
interface Draft {
  reservePct: string | null;
  budgets: Record<string, Entry>;
}

const UNCHANGED: Draft = { reservePct: null, budgets: {} };

const PLAIN_NUMBER = /^\d{1,18}(\.\d{1,18})?$/;

const money = formatFee;
const pct = (value: number) => `${Number(value.toFixed(2))} %`;

type Line = AllocationView['budgets'][number];

/** A budget as the form edits it: amounts as set, everything else as a % of equity. */
function entryOf(line: Line): Entry {
  return line.kind === 'amount' ? { kind: 'amount', value: String(line.value) } : { kind: 'percent', value: String(Number(line.percentOfEquity.toFixed(4))) };
}

/** The same budget in the other kind at today's equity (24 % of 10,000 → 2400), so a switch never changes its size; '' when it cannot be told. */
function convertedEntry(entry: Entry, kind: Entry['kind'], view: AllocationView): Entry {
  if (kind === entry.kind) return entry;
  const value = entry.value.trim();
  if (!PLAIN_NUMBER.test(value) || !view.known || view.equity <= 0) return { kind, value: '' };
  const converted = kind === 'amount' ? (Number(value) / 100) * view.equity : (Number(value) / view.equity) * 100;
  return { kind, value: String(Number(converted.toFixed(kind === 'amount' ? 2 : 4))) };
}

/**
 * Capital allocation of one account: the cash reserve and each configuration's budget (a % of equity or
 * an amount), with what it uses and what is free. The core refuses a plan that leaves less than the
 * reserve, and says by how much.
 */
function AccountBudgets({ account }: { account: string }) {
  const { value: view, error: loadError, set } = useOrchestrated(() => api.call('allocation.get', { account }), { account });
  // The coins the equity above leaves out for want of a price, as Risk lists them.
  const { value: risk } = useOrchestrated(() => api.call('risk.state', { account }), { account });
  const [draft, setDraft] = useState<Draft>(UNCHANGED);
  const [problem, setProblem] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (loadError && !view) return <p className="form-error small">{loadError}</p>;
  if (!view) return <p className="muted small">Loading budgets…</p>;
  const entry = (line: Line): Entry => draft.budgets[line.config] ?? entryOf(line);
  const reservePct = draft.reservePct ?? String(view.reservePct);
  const apply = async (work: () => Promise<AllocationView>, done: string) => {
    setBusy(true);
    setProblem(null);
    setFields({});
    setNotice(null);
    try {
      const next = await work();
      set(next);
      setDraft(UNCHANGED);
      setNotice(done);
    } catch (reason) {
      setFields(fieldErrors(reason));
      // The core's own sentence names the budgets and the numbers; the fields are marked beside it.
      setProblem(reason instanceof ApiError ? reason.message : describeError(reason));
    } finally {
      setBusy(false);
    }
  };
  const save = () => {
    // Strict numbers only: '' is not 0 and '1,5' is not 1.
    const bad: Record<string, string> = {};
    view.budgets.forEach((line, i) => {
      if (!PLAIN_NUMBER.test(entry(line).value.trim())) bad[`budgets.${i}.value`] = `the budget of ${line.config} must be a plain number like 12.5`;
    });
    // Beyond 100 the core's schema refuses it in general terms; say it here in the trader's.
    if (!PLAIN_NUMBER.test(reservePct.trim()) || Number(reservePct) > 100) bad.reservePct = 'the cash reserve must be a percent from 0 to 100, like 20';
    if (Object.keys(bad).length > 0) {
      setFields(bad);
      setProblem(Object.values(bad).join('; '));
      return;
    }
    void apply(
      () =>
        api.call('allocation.set', {
          account,
          reservePct: Number(reservePct),
          budgets: view.budgets.map((line) => {
            // A budget the trader did not touch is sent as the core holds it, not as the form rounds it:
            // three seed budgets of 10.6667 % would add up past the 80 % they share.
            if (!draft.budgets[line.config]) return line.kind === 'amount' ? { config: line.config, kind: 'amount' as const, value: line.value } : { config: line.config, kind: 'percent' as const, value: line.kind === 'percent' ? line.value : line.percentOfEquity };
            const { kind, value } = entry(line);
            return { config: line.config, kind, value: Number(value) };
          }),
        }),
      'Budgets saved.',
    );
  };
  const edit = (line: Line, next: Entry) => setDraft({ ...draft, budgets: { ...draft.budgets, [line.config]: next } });
  const backToSeedPlan = () => {
    if (!window.confirm(`Replace the budgets of ${account} with the seed plan (20 % cash reserve; of the rest DCA 40 % · Swing 30 % · Channel 30 %)? The budgets you saved are not kept.`)) return;
    void apply(() => api.call('allocation.reset', { account }), 'Back on the seed plan.');
  };
  return (
    <section className="budgets" aria-label={`Budgets on ${account}`}>
      <p className="small" data-testid="allocation-summary">
        Equity {view.known ? `${money(view.equity)} ${view.quote}` : 'not known yet'} · cash reserve {pct(view.reservePct)} ({money(view.reserve)}) · strategies may use {money(view.deployable)} · in use {money(view.used)}
        {view.seed ? <span className="muted"> · seed plan: DCA 40 % · Swing 30 % · Channel 30 % of deployable capital, 20 % reserve</span> : null}
      </p>
      <UnvaluedHoldings holdings={risk?.equity?.unvalued ?? []} />
      <table className="mini-table" aria-label={`Budgets of the configurations on ${account}`}>
        <thead>
          <tr>
            <th scope="col">Configuration</th>
            <th scope="col">Budget</th>
            <th scope="col" className="num">Amount ({view.quote})</th>
            <th scope="col" className="num">Used</th>
            <th scope="col" className="num">Free</th>
          </tr>
        </thead>
        <tbody>
          {view.budgets.map((line, i) => (
            <tr key={line.config} data-budget={line.config}>
              <th scope="row">
                {line.config} <span className="muted small">{line.strategy}</span>
              </th>
              <td>
                <select aria-label={`Budget kind of ${line.config}`} value={entry(line).kind} onChange={(e) => edit(line, convertedEntry(entry(line), e.target.value === 'amount' ? 'amount' : 'percent', view))}>
                  <option value="percent">% of equity</option>
                  <option value="amount">amount</option>
                </select>{' '}
                <input className="narrow" inputMode="decimal" aria-label={`Budget of ${line.config}`} aria-invalid={!!fields[`budgets.${i}.value`]} value={entry(line).value} onChange={(e) => edit(line, { ...entry(line), value: e.target.value })} />
              </td>
              <td className="num">{money(line.budget)}</td>
              <td className="num" data-testid="budget-used">
                {money(line.used.total)}
              </td>
              <td className="num">
                <span data-testid="budget-free">{money(line.free)}</span>
                {line.overBy ? (
                  <span className="budget-over down small" data-testid="budget-over" title={`${line.config} has ${money(line.used.total)} ${view.quote} in use against a budget of ${money(line.budget)}: its new entries are refused until positions close or the budget is raised`}>
                    over budget by {money(line.overBy)} · new entries refused
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row">
        <label className="small">
          Cash reserve (%){' '}
          <input className="narrow" inputMode="decimal" aria-invalid={!!fields.reservePct} value={reservePct} onChange={(e) => setDraft({ ...draft, reservePct: e.target.value })} />
        </label>
        <span className="spacer" />
        <button type="button" className="small-btn" disabled={busy || view.seed} onClick={backToSeedPlan}>
          Use seed plan
        </button>
        <button type="button" className="small-btn primary" disabled={busy} onClick={save}>
          Save budgets
        </button>
      </div>
      <FormProblem message={problem} testId="budgets-problem" />
      {notice ? (
        <p className="small" role="status">
          {notice}
        </p>
      ) : null}
    </section>
  );
}

/** Budgets of every account the configurations trade on. */
export function Budgets({ configs }: { configs: readonly StrategyConfigView[] }) {
  const accounts = [...new Set(configs.map((config) => config.account))].sort((a, b) => (a === 'paper' ? -1 : b === 'paper' ? 1 : a < b ? -1 : 1));
  const [account, setAccount] = useState(accounts[0] ?? 'paper');
  if (accounts.length === 0) return null;
  const shown = accounts.includes(account) ? account : accounts[0]!;
  return (
    <div className="budgets-panel">
      <div className="table-toolbar">
        <strong>Budgets</strong>
        {accounts.length > 1 ? (
          <label className="small">
            Account{' '}
            <select value={shown} onChange={(e) => setAccount(e.target.value)}>
              {accounts.map((id) => (
                <option key={id} value={id}>
                  {id === 'paper' ? 'Paper' : id}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <span className="muted small">entries size from their configuration’s budget and never touch the cash reserve</span>
      </div>
      <AccountBudgets key={shown} account={shown} />
    </div>
  );
}
