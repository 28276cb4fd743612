import { useState } from 'react';
import { describeBounds, LIMIT_BOUNDS, LIMIT_FIELDS, mergeLimits, serverLimitErrors, validateLimits, valuesFromConfig } from './limit-fields';
import type { RiskLimitKey } from '../../../../core/api/contract/risk-limits';
import { ConfigFormFrame } from './ConfigField';
import { withValueAt } from './config-field-rules';
import { useRiskConfigForm } from './useRiskConfigForm';

/** The stored "cancel protective stops on emergency stop" setting (off unless saved on). */
function protectiveFromConfig(config: Record<string, unknown>): boolean {
  const section = config.emergencyStop;
  return typeof section === 'object' && section !== null && (section as Record<string, unknown>).cancelProtectiveStops === true;
}

/**
 * Risk tab → Risk limits: the six limits every order (paper, live, manual, strategy) is checked
 * against. Checked here with the core's own schema, saved through `risk.config.set` onto the stored
 * configuration (other risk settings are kept), applied and audited by the core at once. Saved
 * limits are also what arming a live account requires.
 */
export function RiskLimitsForm() {
  const [cancelProtective, setCancelProtective] = useState(false);
  const form = useRiskConfigForm<RiskLimitKey>({
    order: LIMIT_FIELDS.map(({ key }) => key),
    read: valuesFromConfig,
    check(typed) {
      const checked = validateLimits(typed);
      if (!checked.ok) return checked;
      return { ok: true, apply: (current) => withValueAt(mergeLimits(current, checked.limits), ['emergencyStop', 'cancelProtectiveStops'], cancelProtective) };
    },
    refused: serverLimitErrors,
    stored: (config) => setCancelProtective(protectiveFromConfig(config)),
    readProblem: 'The risk limits could not be read',
    saveProblem: 'The limits were not saved',
  });

  return (
    <ConfigFormFrame
      title="Risk limits"
      form={form}
      fields={LIMIT_FIELDS.map(({ key, label, hint }) => ({ key, label, hint: `${hint} Allowed: ${describeBounds(LIMIT_BOUNDS[key])}.` }))}
      saveLabel="Save limits"
      savedNote="Limits saved — every new order is checked against them from now on."
      savedTestId="risk-limits-saved"
      after={
        <>
          <label className="check-row">
            <input
              type="checkbox"
              checked={cancelProtective}
              onChange={(e) => {
                setCancelProtective(e.target.checked);
                form.unsave();
              }}
            />
            Cancel protective stops on emergency stop
          </label>
          <p className="muted small">Off (the default): stops resting at the venue keep protecting what is still held after an emergency stop; Flatten cancels them as it sells.</p>
        </>
      }
      footer={<p className="muted small">Saved limits are required before a live account can be armed (Settings → Accounts).</p>}
    />
  );
}
