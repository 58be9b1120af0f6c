import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <h1 className="font-display text-3xl font-bold">Not found</h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">
        That page, film or showtime does not exist (any more).
      </p>
      <Link href="/" className="mt-6 inline-block font-medium text-brand-700 underline dark:text-brand-400">
        Back to films
      </Link>
    </div>
  );
}
