import type { PnlFiguresView } from '../../../../core/api/contract/pnl';
import { direction, formatPercent, formatPrice, formatSigned, QUOTE_DECIMALS } from '../../app/format';
import type { Column } from '../../app/TableHead';

/** The money columns shared by every P&L table (the first column names the row). */
export const FIGURE_COLUMNS: readonly Column[] = [
  { label: 'Realized', numeric: true, title: 'Closed trades (exits in the period), after fees: their entry and exit fees are taken off. A strategy’s all-time figure is its Realized in the Strategies tab' },
  { label: 'Unrealized', numeric: true, title: 'Open tranches bought in the period, at the current mark, before fees' },
  { label: 'Fees', numeric: true, title: 'Every fee paid: those of the closed trades (already taken off Realized) and the entry fees of open tranches' },
  { label: 'Net', numeric: true, title: 'After fees: Realized + Unrealized − the entry fees paid on open tranches' },
  { label: 'Return', numeric: true, title: 'Net ÷ cost basis of everything counted: weighted by position size, never an average of percentages' },
  { label: 'Exits', numeric: true, title: 'Exit fills (a partial exit counts one)' },
];

/** One row's cells: signed, coloured and arrowed so direction never depends on colour alone; money to the summary's `moneyDecimals`. */
export function FigureCells({ figures, decimals = QUOTE_DECIMALS }: { figures: PnlFiguresView; decimals?: number | undefined }) {
  return (
    <>
      <td className={`num ${direction(figures.realizedNet, decimals)}`} data-testid="pnl-realized">{formatSigned(figures.realizedNet, decimals)}</td>
      <td className={`num ${direction(figures.unrealized, decimals)}`} data-testid="pnl-unrealized">{formatSigned(figures.unrealized, decimals)}</td>
      <td className="num muted" data-testid="pnl-fees">{formatPrice(figures.fees, decimals)}</td>
      <td className={`num strong ${direction(figures.net, decimals)}`} data-testid="pnl-net">{formatSigned(figures.net, decimals)}</td>
      <td className={`num ${direction(figures.returnPct, 2)}`} data-testid="pnl-return">{figures.returnPct === null ? '—' : formatPercent(figures.returnPct)}</td>
      <td className="num" data-testid="pnl-exits">{figures.exits}</td>
    </>
  );
}
