import { hostTextProblem, isPublicAddress } from './public-address';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '0.1.2.3',
    '198.18.0.1',
    '198.19.255.255',
    '192.0.0.8',
    '192.0.2.1',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.1',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::7f00:1',
    '64:ff9b::a00:1',
    '64:ff9b:1::a00:1',
    '::127.0.0.1',
    '::ffff:0:7f00:1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fec0::1',
    'feff::1',
    'ff02::1',
    '2002:7f00:1::1',
    '2002:a00:1::',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2001:db8::1',
    '100::1',
    '[::1]',
    'not-an-ip',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '::ffff:8.8.8.8',
    '2606:4700:4700::1111',
    '[2a00:1450:4001:80e::200e]',
  ])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('hostTextProblem (the URL host as written, after WHATWG parsing)', () => {
  const host = (url: string): string => new URL(url).hostname;
  it.each([
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:7f00:1]/',
    'https://[64:ff9b::7f00:1]/',
    'https://[fec0::1]/',
    'https://[::1]/',
    'https://localhost./',
    'https://localhost/',
    'https://LOCALHOST/',
    'https://api.localhost/',
    'https://example.com./',
    'https://2130706433/',
    'https://0x7f.1/',
    'https://0177.0.0.1/',
    'https://127.1/',
    'https://198.18.0.1/',
    'https://169.254.169.254/',
    'https://metadata.google.internal/',
    'https://printer.local/',
    'https://intranet/',
  ])('%s is refused', (url) => {
    expect(hostTextProblem(host(url))).not.toBeNull();
  });

  it.each(['https://hooks.example.com/x', 'https://8.8.8.8/x', 'https://[2606:4700:4700::1111]/x'])(
    '%s may be public (delivery resolves and checks it)',
    (url) => {
      expect(hostTextProblem(host(url))).toBeNull();
    },
  );
});
