/** What went wrong with a form as a whole (field problems stay beside their fields); nothing when all is well. */
export function FormProblem({ message, testId }: { message: string | null; testId?: string }) {
  return message ? (
    <p className="form-error" role="alert" data-testid={testId}>
      {message}
    </p>
  ) : null;
}
