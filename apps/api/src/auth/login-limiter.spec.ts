import { addressBucket } from './login-limiter';

describe(addressBucket.name, () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('counts %s as %s', (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });

  it('keeps one IPv6 subscriber (/64) in one bucket and its neighbour apart', () => {
    expect(addressBucket('2001:db8:a:b::1')).toBe(addressBucket('2001:db8:a:b:ffff:ffff:ffff:ffff'));
    expect(addressBucket('2001:db8:a:b::1')).not.toBe(addressBucket('2001:db8:a:c::1'));
  });
});
