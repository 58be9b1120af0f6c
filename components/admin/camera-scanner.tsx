'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { buttonBase } from '@/components/ui/buttons';

// Scans ticket QR codes with the device's camera. The browser's own BarcodeDetector is used where
// it reads QR codes (Android, ChromeOS, macOS); elsewhere the `barcode-detector` polyfill reads
// them with ZXing compiled to WebAssembly, fetched from our own origin (never a CDN: the page's
// CSP allows only 'self', and a door device offline could not reach one). The module is fetched
// as the page opens, so the camera still scans after the network drops.

type Detector = { detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]> };
type DetectorClass = {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<readonly string[]>;
};

/** The same code seen again within this long is the same ticket still held up to the camera. */
const REPEAT_MS = 5_000;
const SCAN_EVERY_MS = 150;

async function nativeDetector(): Promise<Detector | null> {
  const native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!native) return null;
  try {
    const formats = await native.getSupportedFormats();
    return formats.includes('qr_code') ? new native({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

async function polyfillDetector(): Promise<Detector> {
  const { BarcodeDetector, prepareZXingModule, ZXING_WASM_VERSION } = await import(
    'barcode-detector/ponyfill'
  );
  const wasmUrl = `/api/media/scanner/zxing_reader-${ZXING_WASM_VERSION}.wasm`;
  await prepareZXingModule({
    overrides: {
      locateFile: (file: string, prefix: string) => (file.endsWith('.wasm') ? wasmUrl : prefix + file),
    },
    fireImmediately: true,
  });
  return new BarcodeDetector({ formats: ['qr_code'] });
}

let detectorPromise: Promise<Detector> | null = null;
function detector(): Promise<Detector> {
  detectorPromise ??= nativeDetector()
    .then((d) => d ?? polyfillDetector())
    .catch((error: unknown) => {
      detectorPromise = null;
      throw error;
    });
  return detectorPromise;
}

function cameraProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return 'The camera is not allowed. Allow it in the browser’s site settings, or scan with a handheld scanner or type the code.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return 'No camera found on this device. Scan with a handheld scanner or type the code.';
  if (name === 'NotReadableError') return 'The camera is in use by another app. Close it and try again.';
  return 'The camera could not start. Scan with a handheld scanner or type the code.';
}

export function CameraScanner({
  onScan,
  busy,
}: {
  /** A QR payload read from the camera; the scanner waits while `busy`. */
  onScan: (payload: string) => void;
  busy: boolean;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const last = useRef<{ value: string; at: number } | null>(null);
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const [state, setState] = useState<'off' | 'starting' | 'on'>('off');
  const [problem, setProblem] = useState<string | null>(null);
  const [supported, setSupported] = useState(true);

  useEffect(() => {
    // The camera and WebAssembly are allowed by this page's own headers (Permissions-Policy,
    // CSP), which belong to the document: arriving by client-side navigation from another admin
    // page keeps that page's policy, so load this one as a document (once).
    const policy = (document as { featurePolicy?: { allowsFeature(f: string): boolean } }).featurePolicy;
    if (policy && !policy.allowsFeature('camera') && !sessionStorage.getItem('marquee.check-in.reloaded')) {
      sessionStorage.setItem('marquee.check-in.reloaded', '1');
      window.location.reload();
      return;
    }
    sessionStorage.removeItem('marquee.check-in.reloaded');
    setSupported(Boolean(navigator.mediaDevices?.getUserMedia));
    // Fetch the reader now, while the network is up.
    detector().catch(() => undefined);
  }, []);

  const stop = useCallback(() => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    if (video.current) video.current.srcObject = null;
    setState('off');
  }, []);

  useEffect(() => stop, [stop]);

  useEffect(() => {
    if (state !== 'on') return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const v = video.current;
      if (cancelled || !v) return;
      if (!busyRef.current && v.readyState >= 2) {
        try {
          const found = await (await detector()).detect(v);
          const value = found[0]?.rawValue;
          const now = Date.now();
          if (value && !cancelled) {
            const repeat = last.current?.value === value && now - last.current.at < REPEAT_MS;
            if (!repeat) {
              last.current = { value, at: now };
              onScanRef.current(value);
            }
          }
        } catch {
          // A frame that could not be read; the next one may.
        }
      }
      if (!cancelled) timer = setTimeout(tick, SCAN_EVERY_MS);
    };
    void tick();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [state]);

  async function start() {
    setProblem(null);
    setState('starting');
    try {
      const media = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' } },
        audio: false,
      });
      stream.current = media;
      if (video.current) {
        video.current.srcObject = media;
        await video.current.play();
      }
      await detector();
      setState('on');
    } catch (error) {
      stop();
      setProblem(
        error instanceof DOMException || !stream.current
          ? cameraProblem(error)
          : 'The QR reader could not load. Reload the page while online, or type the code.',
      );
    }
  }

  if (!supported) {
    return (
      <p className="text-sm text-stone-600 dark:text-stone-400">
        This browser cannot use a camera here: scan with a handheld scanner or type the code.
      </p>
    );
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {state === 'off' ? (
          <button type="button" onClick={start} className={buttonBase}>
            Scan with the camera
          </button>
        ) : (
          <button type="button" onClick={stop} className={buttonBase}>
            Stop the camera
          </button>
        )}
        <span aria-live="polite" className="text-sm text-stone-600 dark:text-stone-400">
          {state === 'starting'
            ? 'Starting the camera…'
            : state === 'on'
              ? 'Camera on: hold the QR code up to it.'
              : ''}
        </span>
      </div>
      <video
        ref={video}
        muted
        playsInline
        aria-label="Camera view"
        className={`aspect-video w-full rounded-lg bg-black object-cover ${state === 'off' ? 'hidden' : ''}`}
      />
      {problem ? (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
