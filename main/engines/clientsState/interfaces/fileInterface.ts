// The file service's interface in its three designs. STATELESS_FILES is NFSv3's way: every READ
// names the file, the offset and the length, and the server keeps nothing between calls.
// STATEFUL_FILES version 1 opens files (handles), reads ahead on the server and promises to
// invalidate the copies clients cache (calling them back on FILE_CALLBACK). Version 2 is the same
// design with leases: the server's promises and the client's handles last only as long as the
// client's lease, and a restarted server waits one lease (its grace period) before any write.

export const fileInterfaceText = `/* files.x: one file service, three designs */
enum fileStatus {
  FILE_OK = 0,
  FILE_NOENT = 2,            /* no such file */
  FILE_BADHANDLE = 10001,    /* the handle means nothing to this server (NFS3ERR_BADHANDLE) */
  FILE_EXPIRED = 10011,      /* the caller's lease has lapsed: open again (NFS4ERR_EXPIRED) */
  FILE_GRACE = 10013         /* the server restarted and waits one lease before writes (NFS4ERR_GRACE) */
};

struct readResult {
  fileStatus status;
  opaque data<65536>;
  bool eof;
};

struct openResult {
  fileStatus status;
  unsigned hyper handle;
  unsigned hyper size;
  unsigned int leaseMs;      /* 0: no lease (version 1) */
};

program STATELESS_FILES {
  version STATELESS_V1 {
    readResult READ(string name<255>, unsigned hyper offset, unsigned int count) = 1;
    fileStatus WRITE(string name<255>, unsigned hyper fileVersion, opaque data<1048576>) = 2;
  } = 1;
} = 0x20000512;

program STATEFUL_FILES {
  version STATEFUL_V1 {
    openResult OPEN(string name<255>, bool caching) = 1;
    readResult READ(unsigned hyper handle, unsigned hyper offset, unsigned int count) = 2;
    fileStatus CLOSE(unsigned hyper handle) = 3;
    fileStatus WRITE(string name<255>, unsigned hyper fileVersion, opaque data<1048576>) = 4;
  } = 1;
  version LEASED_V2 {
    openResult OPEN(string name<255>, bool caching) = 1;
    readResult READ(unsigned hyper handle, unsigned hyper offset, unsigned int count) = 2;
    fileStatus CLOSE(unsigned hyper handle) = 3;
    fileStatus WRITE(string name<255>, unsigned hyper fileVersion, opaque data<1048576>) = 4;
    fileStatus RENEW(void) = 5;   /* keeps the caller's lease (every call does) */
  } = 2;
} = 0x20000513;

program FILE_CALLBACK {
  version CALLBACK_V1 {
    void INVALIDATE(string name<255>, unsigned hyper fileVersion) = 1;   /* drop your copy of name */
  } = 1;
} = 0x40000513;
`;

export type FileStatus = 'FILE_OK' | 'FILE_NOENT' | 'FILE_BADHANDLE' | 'FILE_EXPIRED' | 'FILE_GRACE';

export interface ReadResult {
  status: FileStatus;
  data: Buffer;
  eof: boolean;
}

export interface OpenResult {
  status: FileStatus;
  handle: number;
  size: number;
  leaseMs: number;
}

export interface StatelessFiles {
  read(name: string, offset: number, count: number): Promise<ReadResult>;
  write(name: string, version: number, data: Buffer): Promise<FileStatus>;
}

export interface StatefulFiles {
  open(name: string, caching: boolean): Promise<OpenResult>;
  read(handle: number, offset: number, count: number): Promise<ReadResult>;
  close(handle: number): Promise<FileStatus>;
  write(name: string, version: number, data: Buffer): Promise<FileStatus>;
  /** Version 2 only. */
  renew?(): Promise<FileStatus>;
}

export interface FileCallback {
  invalidate(name: string, version: number): Promise<void>;
}
