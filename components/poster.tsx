import { posterSources } from '@/lib/poster';

/**
 * A film's poster. An uploaded one comes in the sizes stored at upload (lib/poster.ts), and the
 * browser picks by `sizes`; a static SVG is one file. Lazy unless `priority` (above the fold).
 * The box's size is the caller's (`className`); width and height give the 2:3 shape before load.
 */
export function Poster({
  url,
  alt,
  sizes,
  priority = false,
  className,
}: {
  url: string;
  alt: string;
  /** CSS widths it is shown at, as for <img sizes> (e.g. "(min-width: 640px) 200px, 160px"). */
  sizes: string;
  priority?: boolean;
  className?: string;
}) {
  const { src, srcSet } = posterSources(url);
  return (
    // biome-ignore lint/performance/noImgElement: the sizes are made at upload (server/media), and next/image drops a srcSet of our own
    <img
      src={src}
      srcSet={srcSet}
      sizes={srcSet ? sizes : undefined}
      alt={alt}
      width={200}
      height={300}
      loading={priority ? 'eager' : 'lazy'}
      fetchPriority={priority ? 'high' : undefined}
      decoding="async"
      className={className}
    />
  );
}
