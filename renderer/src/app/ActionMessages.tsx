/** The outcome of a panel's last action, one small line each: what went wrong (an alert) or what was done (a status). */
export function ActionMessages({ error, notice = null }: { error: string | null; notice?: string | null }) {
  return (
    <>
      {error ? (
        <p className="form-error small" role="alert">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p className="small" role="status">
          {notice}
        </p>
      ) : null}
    </>
  );
}
