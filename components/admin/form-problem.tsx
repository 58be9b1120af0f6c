/** What the server said about an admin form as a whole (field errors sit at their fields). */
export function FormProblem({ message }: { message: string | null | undefined }) {
  return message ? (
    <p
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      {message}
    </p>
  ) : null;
}
