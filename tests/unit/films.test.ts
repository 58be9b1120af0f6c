import { describe, expect, it } from 'vitest';
import { trailerUrlProblem } from '@/lib/schemas/films';
import { nextFreeSlug, SLUG_BASE_MAX, slugify } from '@/lib/slug';

describe('slugify', () => {
  it('makes a readable ASCII address from a title', () => {
    expect(slugify('Monsoon Express')).toBe('monsoon-express');
    expect(slugify('Chai & Chemistry')).toBe('chai-and-chemistry');
    expect(slugify('Ammachi’s Kitchen')).toBe('ammachis-kitchen');
    expect(slugify('  Haveli No. 13  ')).toBe('haveli-no-13');
    expect(slugify('Amélie à Goa!')).toBe('amelie-a-goa');
    expect(slugify('देवदास')).toBe('film');
    expect(slugify('---')).toBe('film');
  });

  it('stays within its length, never ending on a dash', () => {
    const slug = slugify(`${'word '.repeat(40)}end`);
    expect(slug.length).toBeLessThanOrEqual(SLUG_BASE_MAX);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('numbers a taken slug from 2, filling gaps', () => {
    expect(nextFreeSlug('kaveri', new Set())).toBe('kaveri');
    expect(nextFreeSlug('kaveri', new Set(['kaveri']))).toBe('kaveri-2');
    expect(nextFreeSlug('kaveri', new Set(['kaveri', 'kaveri-2', 'kaveri-4']))).toBe('kaveri-3');
  });
});

describe('trailer links', () => {
  it('accepts https links to YouTube and Vimeo, and nothing else', () => {
    for (const ok of [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://youtu.be/dQw4w9WgXcQ',
      'https://vimeo.com/76979871',
      'https://player.vimeo.com/video/76979871',
    ]) {
      expect(trailerUrlProblem(ok), ok).toBeNull();
    }
    for (const bad of [
      'http://www.youtube.com/watch?v=x',
      'javascript:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'https://notyoutube.com/watch',
      'https://youtube.com.evil.example/watch',
      'https://user:pass@youtube.com/watch',
      'youtube.com/watch?v=x',
    ]) {
      expect(trailerUrlProblem(bad), bad).not.toBeNull();
    }
  });
});
