'use client';

import { RetryNotice } from '@/components/retry-notice';

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RetryNotice title="Something went wrong" reset={reset} />;
}
