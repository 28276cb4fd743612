import { useDropdown } from '../../app/useDropdown';

const FRACTIONS = [0.25, 0.5, 0.75] as const;

/** "Reduce ▾": sell part of a position at market (the core rounds the amount and runs the risk gate). */
export function ReduceMenu({ symbol, disabled, onReduce }: { symbol: string; disabled: boolean; onReduce(fraction: number): void }) {
  const { open, setOpen, anchor } = useDropdown<HTMLSpanElement>();
  return (
    <span className="menu-anchor" ref={anchor}>
      <button type="button" className="small-btn" disabled={disabled} aria-haspopup="true" aria-expanded={open} aria-label={`Reduce ${symbol}`} onClick={() => setOpen(!open)}>
        Reduce ▾
      </button>
      {open ? (
        <span className="menu menu-right" role="group" aria-label={`Reduce ${symbol} by`}>
          {FRACTIONS.map((fraction) => (
            <button
              key={fraction}
              type="button"
              className="menu-item"
              aria-label={`Reduce ${symbol} by ${fraction * 100}%`}
              onClick={() => {
                setOpen(false);
                onReduce(fraction);
              }}
            >
              Sell {fraction * 100}% at market
            </button>
          ))}
        </span>
      ) : null}
    </span>
  );
}
