// The native platforms a host may declare: an instruction set and a byte order. Every host of the
// lab really runs on this machine's processor; what a declared platform changes is what native
// code the host accepts (its loader refuses an image built for another platform, as Linux refuses
// an ELF file of another machine with "Exec format error").

export const platformNames = ['x86_64/little-endian', 'aarch64/little-endian', 'riscv64/little-endian', 'ppc64/big-endian', 's390x/big-endian'] as const;
export type PlatformName = (typeof platformNames)[number];

export interface Platform {
  machine: string;
  byteOrder: 'little-endian' | 'big-endian';
}

export function parsePlatform(name: PlatformName): Platform {
  const [machine, byteOrder] = name.split('/') as [string, Platform['byteOrder']];
  return { machine, byteOrder };
}

export function platformName(platform: Platform): string {
  return `${platform.machine}/${platform.byteOrder}`;
}
