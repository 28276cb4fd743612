import { ConfigFormFrame } from './ConfigField';
import { checkCooldownFormat, COOLDOWN_FIELDS, COOLDOWN_HINTS, cooldownValuesFromConfig, mergeCooldowns, serverCooldownErrors, type CooldownKey } from './cooldown-fields';
import { useRiskConfigForm, type RiskConfigFormRules } from './useRiskConfigForm';

const rules: RiskConfigFormRules<CooldownKey> = {
  order: COOLDOWN_FIELDS.map(({ key }) => key),
  read: cooldownValuesFromConfig,
  check(values) {
    const checked = checkCooldownFormat(values);
    return checked.ok ? { ok: true, apply: (current) => mergeCooldowns(current, checked.settings) } : checked;
  },
  refused: serverCooldownErrors,
  readProblem: 'The cooldowns could not be read',
  saveProblem: 'The cooldowns were not saved',
};

/**
 * Risk tab → Cooldowns and breaker: the stop-loss cooldown, the trade cooldown and the breaker's
 * trading day. Saved through `risk.config.set` onto the stored configuration (other risk settings are
 * kept), validated by the core's schema, applied and audited by the core at once — like the limits,
 * and like them changeable while a live account is armed.
 */
export function CooldownsForm() {
  const form = useRiskConfigForm(rules);
  return (
    <ConfigFormFrame
      title="Cooldowns and breaker"
      form={form}
      fields={COOLDOWN_FIELDS.map((field) => ({ ...field, hint: COOLDOWN_HINTS[field.key] }))}
      saveLabel="Save cooldowns"
      savedNote="Cooldowns saved — a cooldown that starts from now on lasts this long (one running keeps its end)."
      savedTestId="risk-cooldowns-saved"
    />
  );
}
