import { CinemaRole, Role } from '@/prisma/generated/enums';

// Demo sign-ins, printed by the launcher. The passwords are public on purpose: these accounts
// exist only in seeded development and demo databases.

export const DEMO_PASSWORD = 'marquee-demo';

export type DemoAccount = {
  email: string;
  password: string;
  role: Role;
  name: string;
  description: string;
  /** Cinema slugs this account works at (STAFF and MANAGER only). */
  cinemas: { slug: string; role: CinemaRole }[];
};

const LOWER_PAREL = 'marquee-mill-compound-lower-parel';
const ANDHERI = 'marquee-link-square-andheri';

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: 'customer@marquee.test',
    password: DEMO_PASSWORD,
    role: Role.CUSTOMER,
    name: 'Priya Sharma',
    description: 'Books tickets, writes reviews, joins waitlists',
    cinemas: [],
  },
  {
    email: 'staff@marquee.test',
    password: DEMO_PASSWORD,
    role: Role.STAFF,
    name: 'Rahul Verma',
    description: 'Box-office staff at Marquee Mill Compound, Mumbai: checks tickets in',
    cinemas: [{ slug: LOWER_PAREL, role: CinemaRole.STAFF }],
  },
  {
    email: 'manager@marquee.test',
    password: DEMO_PASSWORD,
    role: Role.MANAGER,
    name: 'Neha Kulkarni',
    description: 'Manages both Mumbai cinemas: showtimes, pricing, refunds, reports',
    cinemas: [
      { slug: LOWER_PAREL, role: CinemaRole.MANAGER },
      { slug: ANDHERI, role: CinemaRole.MANAGER },
    ],
  },
  {
    email: 'admin@marquee.test',
    password: DEMO_PASSWORD,
    role: Role.ADMIN,
    name: 'Meera Nair',
    description: 'Platform administrator: every cinema, film and user',
    cinemas: [],
  },
];

/** Extra customers who only exist to give films ratings; they have no password. */
export const REVIEWERS: readonly { email: string; name: string }[] = [
  { email: 'arjun.mehta@example.test', name: 'Arjun Mehta' },
  { email: 'kavya.reddy@example.test', name: 'Kavya Reddy' },
  { email: 'rohan.iyer@example.test', name: 'Rohan Iyer' },
  { email: 'fatima.khan@example.test', name: 'Fatima Khan' },
  { email: 'siddharth.rao@example.test', name: 'Siddharth Rao' },
  { email: 'ananya.bose@example.test', name: 'Ananya Bose' },
];
