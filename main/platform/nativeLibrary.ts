import type { LibraryHandle } from 'koffi';

export type Koffi = typeof import('koffi').default;

/** A declared C function; koffi converts its arguments and its result. */
export type KoffiFunction = (...args: any[]) => any;

/** Why native calls cannot be made here, in words for the user. */
export class NativeUnavailable extends Error {
  override readonly name = 'NativeUnavailable';
}

/**
 * The FFI package koffi, which ships its native part prebuilt in the npm package (no compiler on
 * the user's machine). PROCLAB_FFI_MODULE names another module in its place: how proclab behaves
 * where the FFI cannot load is tested by naming one that does not exist.
 */
export async function loadKoffi(): Promise<Koffi> {
  const ffiModule = process.env.PROCLAB_FFI_MODULE;
  try {
    return (ffiModule === undefined ? await import('koffi') : ((await import(ffiModule)) as typeof import('koffi'))).default;
  } catch (error) {
    throw new NativeUnavailable(`the FFI package koffi could not be loaded (${(error as Error).message})`);
  }
}

export interface CLibrary {
  name: string;
  /** Declares a function of the C library (or, on an older glibc, of libpthread). */
  declare(declaration: string): KoffiFunction;
}

/** Linux's C library: glibc's libc.so.6 or musl's libc.so. */
export function loadCLibrary(koffi: Koffi): CLibrary {
  if (process.platform !== 'linux') throw new NativeUnavailable(`proclab's native calls use Linux's C library; this system is ${process.platform}`);
  const failures: string[] = [];
  let library: LibraryHandle | undefined;
  let name = '';
  for (const candidate of ['libc.so.6', 'libc.so']) {
    try {
      library = koffi.load(candidate);
      name = candidate;
      break;
    } catch (error) {
      failures.push(`${candidate}: ${(error as Error).message}`);
    }
  }
  if (library === undefined) throw new NativeUnavailable(`the C library could not be loaded (${failures.join('; ')})`);
  let older: LibraryHandle | undefined;
  const found = library;
  return {
    name,
    declare(declaration: string): KoffiFunction {
      try {
        return found.func(declaration);
      } catch (error) {
        // glibc before 2.34 kept the thread and dlsym calls in libpthread.
        try {
          older ??= koffi.load('libpthread.so.0');
          return older.func(declaration);
        } catch {
          throw new NativeUnavailable(`the C library has no ${declaration.replace(/\(.*$/, '').split(' ').at(-1)} (${(error as Error).message})`);
        }
      }
    },
  };
}
