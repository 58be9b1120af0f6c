import 'server-only';
import {
  Body,
  Button,
  Column,
  Container,
  Head,
  Html,
  Img,
  Preview,
  Row,
  Section,
  Text,
} from '@react-email/components';
import { render } from '@react-email/render';
import type { ReactNode } from 'react';
import { testMode } from '@/server/env';
import type { Mail, MailAttachment } from '@/server/mail/send-mail';

// The pieces every Marquee email is built from (React Email), and the one function that turns an
// email into what is sent: HTML, a plain-text part made from the same markup, and the subject.
// Layout is tables (React Email's Container, Section, Row, Column), so Outlook's Word engine and
// Gmail draw it as intended; every colour is set on the element that carries it, with a dark
// palette for clients that honour prefers-color-scheme and contrast that survives the clients
// that invert colours themselves (Gmail's and Outlook's apps). React escapes every value.

export type Rendered = Omit<Mail, 'to'>;

export type MailSpec = {
  subject: string;
  /** The inbox preview line (hidden in the message itself). */
  preview: string;
  body: ReactNode;
  attachments?: MailAttachment[];
};

const COLOR = {
  page: '#f5f5f4',
  card: '#ffffff',
  ink: '#1c1917',
  muted: '#57534e',
  rule: '#e7e5e4',
  brand: '#8c1221',
  onBrand: '#ffffff',
  warnBg: '#fef3c7',
  warnInk: '#78350f',
  warnRule: '#f59e0b',
} as const;

// Dark palette for Apple Mail, iOS Mail, Outlook.com and Thunderbird (they read the media query).
// !important because the light colours are inline styles; `.mq-card .x` so that a part's own
// colour (a label, the banner) outranks the card's text colour.
const DARK_CSS = `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media (prefers-color-scheme: dark) {
  .mq-page, .mq-page > table > tbody > tr > td { background-color: #0c0a09 !important; }
  .mq-card { background-color: #1c1917 !important; border-color: #44403c !important; }
  .mq-ink, .mq-ink td, .mq-ink p { color: #f5f5f4 !important; }
  .mq-card .mq-muted { color: #d6d3d1 !important; }
  .mq-card .mq-link { color: #fda4af !important; }
  .mq-card .mq-action { background-color: #fda4af !important; color: #1c1917 !important; }
  .mq-card .mq-warn { background-color: #451a03 !important; border-color: #b45309 !important; }
  .mq-card .mq-warn p { color: #fde68a !important; }
  .mq-card .mq-qr { background-color: #ffffff !important; }
}`;

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const TEST_MODE_NOTICE =
  'TEST MODE: this Marquee takes simulated payments. No real money was charged or will be refunded, and its tickets are not valid for entry.';

function Layout(props: { preview: string; testMode: boolean; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <style>{DARK_CSS}</style>
      </Head>
      <Preview>{props.testMode ? `[TEST MODE] ${props.preview}` : props.preview}</Preview>
      <Body className="mq-page" style={{ backgroundColor: COLOR.page, margin: 0, padding: '24px 0' }}>
        <Container
          className="mq-card mq-ink"
          style={{
            backgroundColor: COLOR.card,
            color: COLOR.ink,
            border: `1px solid ${COLOR.rule}`,
            borderRadius: 8,
            padding: '24px 28px',
            maxWidth: 560,
            fontFamily: FONT,
            fontSize: 15,
            lineHeight: '24px',
          }}
        >
          <Text
            className="mq-link"
            style={{
              color: COLOR.brand,
              fontSize: 13,
              fontWeight: 700,
              letterSpacing: 3,
              margin: '0 0 16px',
            }}
          >
            MARQUEE
          </Text>
          {props.testMode ? <Notice tone="warn">{TEST_MODE_NOTICE}</Notice> : null}
          {props.children}
          <Text className="mq-muted" style={{ color: COLOR.muted, margin: '24px 0 0' }}>
            — Marquee
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function P(props: { children: ReactNode }) {
  return (
    <Text style={{ fontSize: 15, lineHeight: '24px', margin: '0 0 16px', color: 'inherit' }}>
      {props.children}
    </Text>
  );
}

/** A one-time code, large and spaced, easy to read off and to select. */
export function Code(props: { children: string }) {
  return (
    <Text
      className="mq-code"
      style={{
        fontFamily: "'SFMono-Regular', Menlo, Consolas, monospace",
        fontSize: 30,
        fontWeight: 700,
        letterSpacing: 8,
        lineHeight: '40px',
        margin: '8px 0 24px',
        color: 'inherit',
      }}
    >
      {props.children}
    </Text>
  );
}

/** The mail's main link, as a button (the text part shows "Label: URL"). */
export function Action(props: { href: string; children: string }) {
  return (
    <Section style={{ margin: '8px 0 24px' }}>
      <Button
        href={props.href}
        className="mq-action"
        style={{
          backgroundColor: COLOR.brand,
          color: COLOR.onBrand,
          borderRadius: 6,
          fontWeight: 600,
          fontSize: 15,
          padding: '12px 20px',
          textDecoration: 'none',
        }}
      >
        {props.children}
      </Button>
    </Section>
  );
}

/** Label and value rows (booking, film, seats …). */
export function Details(props: { rows: [label: string, value: string][] }) {
  return (
    <Section style={{ margin: '0 0 20px', borderTop: `1px solid ${COLOR.rule}`, paddingTop: 12 }}>
      {props.rows.map(([label, value]) => (
        <Row key={label} className="mq-row">
          <Column
            className="mq-label mq-muted"
            style={{
              width: 96,
              verticalAlign: 'top',
              color: COLOR.muted,
              fontSize: 14,
              padding: '3px 12px 3px 0',
            }}
          >
            {label}
          </Column>
          <Column style={{ verticalAlign: 'top', fontSize: 15, padding: '3px 0', color: 'inherit' }}>
            {value}
          </Column>
        </Row>
      ))}
    </Section>
  );
}

/** A boxed sentence that must not be missed: TEST MODE, a refund that needs attention. */
export function Notice(props: { tone: 'warn'; children: ReactNode }) {
  return (
    <Section
      className="mq-warn"
      style={{
        backgroundColor: COLOR.warnBg,
        color: COLOR.warnInk,
        border: `1px solid ${COLOR.warnRule}`,
        borderRadius: 6,
        padding: '10px 14px',
        margin: '0 0 20px',
      }}
    >
      <Text style={{ margin: 0, fontSize: 14, lineHeight: '20px', fontWeight: 600, color: 'inherit' }}>
        {props.children}
      </Text>
    </Section>
  );
}

/**
 * The tickets' QR codes, drawn from inline (cid:) PNG attachments, two to a row. White behind
 * each code in every colour scheme: scanners need dark modules on a light ground.
 */
export function QrCodes(props: { codes: { cid: string; seat: string }[] }) {
  const rows: { cid: string; seat: string }[][] = [];
  for (let i = 0; i < props.codes.length; i += 2) rows.push(props.codes.slice(i, i + 2));
  return (
    // The text part leaves the codes out: it cannot show them, and says where they are instead.
    <Section style={{ margin: '0 0 16px' }} data-skip-in-text="true">
      {rows.map((pair) => (
        <Row key={pair[0]?.cid}>
          {pair.map((code) => (
            <Column
              key={code.cid}
              align="center"
              style={{ width: '50%', padding: '8px 4px', verticalAlign: 'top' }}
            >
              <Img
                className="mq-qr"
                src={`cid:${code.cid}`}
                alt={`QR code for seat ${code.seat}`}
                width="150"
                height="150"
                style={{ backgroundColor: '#ffffff', margin: '0 auto', border: `8px solid #ffffff` }}
              />
              <Text style={{ margin: '4px 0 0', fontSize: 14, fontWeight: 600, color: 'inherit' }}>
                Seat {code.seat}
              </Text>
            </Column>
          ))}
        </Row>
      ))}
    </Section>
  );
}

// The plain-text part is made from the HTML, with a few rules so it reads like a letter: a
// detail row is "Seats: A1, A2", a button is "Label: https://…", headings keep their case.
const TEXT_OPTIONS = {
  selectors: [
    { selector: 'td.mq-label', format: 'mqLabel' },
    { selector: 'a.mq-action', format: 'mqAction' },
    { selector: 'table.mq-row', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'p.mq-code', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 2 } },
  ],
  formatters: {
    mqLabel: (elem: { children: unknown[] }, walk: Walk, builder: Builder) => {
      walk(elem.children, builder);
      builder.addInline(': ');
    },
    mqAction: (
      elem: { children: unknown[]; attribs?: Record<string, string> },
      walk: Walk,
      builder: Builder,
    ) => {
      walk(elem.children, builder);
      builder.addInline(`: ${elem.attribs?.href ?? ''}`);
    },
  },
};
type Builder = { addInline: (text: string) => void };
type Walk = (nodes: unknown[], builder: Builder) => void;

/** Renders an email: TEST MODE (subject prefix and banner) whenever payments are the sandbox. */
export async function renderMail(spec: MailSpec, options: { testMode?: boolean } = {}): Promise<Rendered> {
  const test = options.testMode ?? testMode();
  const element = (
    <Layout preview={spec.preview} testMode={test}>
      {spec.body}
    </Layout>
  );
  const [html, text] = await Promise.all([
    render(element),
    render(element, { plainText: true, htmlToTextOptions: TEXT_OPTIONS }),
  ]);
  return {
    subject: test ? `[TEST MODE] ${spec.subject}` : spec.subject,
    html,
    text: text.replace(/\n{3,}/g, '\n\n').trim(),
    ...(spec.attachments?.length ? { attachments: spec.attachments } : {}),
  };
}
