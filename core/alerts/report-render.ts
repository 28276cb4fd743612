import type { ReportView } from '../api/contract/alerts.js';
import { accountName, formatLocalTime, formatMoney, formatPrice, formatQuantity, pnlBreakdown } from './format.js';

const TITLES: Record<ReportView['period'], string> = { daily: 'Daily report', weekly: 'Weekly report', now: 'Report' };

type Figures = NonNullable<ReportView['pnl']>['today'];

/** The report as a phone message: a few short lines, the most important first. */
export function reportText(report: ReportView): string {
  const lines = [`Halyard ${TITLES[report.period].toLowerCase()} · ${formatLocalTime(report.generatedAt, report.timeZone)}`];
  if (report.late) lines.push(lateLine(report.late, report.timeZone));
  lines.push(`${report.accounts} · regime ${report.regime.regime}`);
  if (report.attention.length > 0) lines.push('', '⚠ Needs attention:', ...report.attention.map((item) => `• ${item}`));
  if (report.pnl) {
    const { quote } = report.pnl;
    // Today and 7 days are UTC days (the P&L tab's), whatever zone the report goes out in: say so.
    lines.push('', `P&L ${accountName(report.pnl.account)} · days from 00:00 UTC`, pnlBreakdown('Today', report.pnl.today, quote), pnlBreakdown('7 days', report.pnl.week, quote), pnlBreakdown('All', report.pnl.all, quote));
  }
  lines.push('', report.positions.length === 0 ? 'No open positions.' : `Open positions (${report.positions.length}):`);
  for (const p of report.positions) {
    const mark = p.markPrice !== null ? ` → ${formatPrice(p.markPrice)}` : '';
    const open = p.unrealizedPnl !== null ? ` ${formatMoney(p.unrealizedPnl, p.symbol.split('/')[1] ?? '', true, p.moneyDecimals)}` : '';
    lines.push(`• ${accountName(p.account)} ${p.symbol} ${formatQuantity(p.quantity)} @ ${formatPrice(p.averageEntry)}${mark}${open} · ${p.protection} · ${p.source}`);
  }
  if (report.strategies.length > 0) {
    lines.push('', 'Strategies:');
    for (const s of report.strategies) lines.push(`• ${s.name} (${accountName(s.account)}) ${s.state} · realized after fees ${formatMoney(s.realizedPnl, s.quote ?? report.pnl?.quote ?? '', true, s.moneyDecimals)} · ${s.openPositions} open`);
  }
  return lines.join('\n');
}

/** Says a report is late, when it was due, and what it covers (the figures are as of now). */
function lateLine(late: NonNullable<ReportView['late']>, timeZone: string): string {
  return `LATE: due ${formatLocalTime(late.dueAt, timeZone)}, while Halyard was closed · covers ${formatLocalTime(late.since, timeZone)} until now`;
}

/** Markdown table cell: a pipe or a line break would break the table. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The same report as a Markdown document (the in-app export). */
export function reportMarkdown(report: ReportView): string {
  const out = [`# Halyard ${TITLES[report.period].toLowerCase()} — ${formatLocalTime(report.generatedAt, report.timeZone)}`, '', ...(report.late ? [`**${lateLine(report.late, report.timeZone)}**`, ''] : []), `**Accounts:** ${report.accounts} · **Regime:** ${report.regime.regime} (${cell(report.regime.reason)})`, ''];
  out.push('## Needs attention', '');
  out.push(...(report.attention.length > 0 ? report.attention.map((item) => `- ${cell(item)}`) : ['Nothing: all is well.']), '');
  if (report.pnl) {
    const { quote, today, week, all } = report.pnl;
    const row = (label: string, pick: (f: Figures) => number, signed: boolean) => `| ${label} | ${[today, week, all].map((f) => formatMoney(pick(f), quote, signed)).join(' | ')} |`;
    out.push(`## P&L — ${accountName(report.pnl.account)} (${quote}, days from 00:00 UTC)`, '', '| | Today | 7 days | All |', '|---|---:|---:|---:|');
    out.push(row('Realized (after fees)', (f) => f.realized, true), row('Unrealized', (f) => f.unrealized, true), row('Entry fees of open positions', (f) => -f.openFees, false), row('**Net**', (f) => f.net, true), row('Fees paid in all (most already in realized)', (f) => f.fees, false), '');
  }
  out.push('## Open positions', '');
  if (report.positions.length === 0) out.push('None.', '');
  else {
    out.push('| Account | Symbol | Owner | Quantity | Entry | Mark | Unrealized | Protection |', '|---|---|---|---:|---:|---:|---:|---|');
    for (const p of report.positions) {
      const quote = p.symbol.split('/')[1] ?? '';
      out.push(
        `| ${accountName(p.account)} | ${p.symbol} | ${cell(p.source)} | ${formatQuantity(p.quantity)} | ${formatPrice(p.averageEntry)} | ${p.markPrice !== null ? formatPrice(p.markPrice) : '—'} | ${p.unrealizedPnl !== null ? formatMoney(p.unrealizedPnl, quote, true, p.moneyDecimals) : '—'} | ${cell(p.protection)} |`,
      );
    }
    out.push('');
  }
  out.push('## Strategies', '');
  if (report.strategies.length === 0) out.push('None running.', '');
  else {
    out.push('| Configuration | Account | State | Realized (after fees) | Open positions |', '|---|---|---|---:|---:|');
    for (const s of report.strategies) out.push(`| ${cell(s.name)} | ${accountName(s.account)} | ${cell(s.state)} | ${formatMoney(s.realizedPnl, s.quote ?? report.pnl?.quote ?? '', true, s.moneyDecimals)} | ${s.openPositions} |`);
    out.push('');
  }
  return out.join('\n');
}
