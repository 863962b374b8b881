#include "faulty_vfs.hpp"

#include <sqlite3.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace guichet::test::faulty_vfs {

namespace {

struct State {
    Fault fault = Fault::none;
    int nth = 0;
    bool persistent = false;
    int writes = 0;
    int syncs = 0;
    bool fired = false;
};
State g;

sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs;

// Our sqlite3_file, followed in the same allocation by the real VFS's file.
struct File {
    sqlite3_file base;
    sqlite3_file* real;
};

sqlite3_file* real_of(sqlite3_file* f) {
    return reinterpret_cast<File*>(f)->real;
}

// True when this call (the COUNT-th of its kind) must fail.
bool should_fail(Fault kind, int count) {
    if (g.fault != kind) return false;
    if (count == g.nth || (g.persistent && count > g.nth)) {
        g.fired = true;
        return true;
    }
    return false;
}

int x_close(sqlite3_file* f) {
    int rc = real_of(f)->pMethods->xClose(real_of(f));
    f->pMethods = nullptr;
    return rc;
}
int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
    return real_of(f)->pMethods->xRead(real_of(f), buf, n, off);
}
int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
    ++g.writes;
    if (should_fail(Fault::write_ioerr, g.writes)) return SQLITE_IOERR_WRITE;
    if (should_fail(Fault::write_full, g.writes)) return SQLITE_FULL;
    return real_of(f)->pMethods->xWrite(real_of(f), buf, n, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    return real_of(f)->pMethods->xTruncate(real_of(f), size);
}
int x_sync(sqlite3_file* f, int flags) {
    ++g.syncs;
    if (should_fail(Fault::sync_ioerr, g.syncs)) return SQLITE_IOERR_FSYNC;
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
    return real_of(f)->pMethods->xFileSize(real_of(f), size);
}
int x_lock(sqlite3_file* f, int l) {
    return real_of(f)->pMethods->xLock(real_of(f), l);
}
int x_unlock(sqlite3_file* f, int l) {
    return real_of(f)->pMethods->xUnlock(real_of(f), l);
}
int x_check_reserved(sqlite3_file* f, int* out) {
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
int x_sector_size(sqlite3_file* f) {
    return real_of(f)->pMethods->xSectorSize(real_of(f));
}
int x_device_chars(sqlite3_file* f) {
    return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}
int x_shm_map(sqlite3_file* f, int pg, int sz, int extend, void volatile** pp) {
    return real_of(f)->pMethods->xShmMap(real_of(f), pg, sz, extend, pp);
}
int x_shm_lock(sqlite3_file* f, int off, int n, int flags) {
    return real_of(f)->pMethods->xShmLock(real_of(f), off, n, flags);
}
void x_shm_barrier(sqlite3_file* f) {
    real_of(f)->pMethods->xShmBarrier(real_of(f));
}
int x_shm_unmap(sqlite3_file* f, int del) {
    return real_of(f)->pMethods->xShmUnmap(real_of(f), del);
}
int x_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** pp) {
    return real_of(f)->pMethods->xFetch(real_of(f), off, n, pp);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
    return real_of(f)->pMethods->xUnfetch(real_of(f), off, p);
}

const sqlite3_io_methods kMethods = {
    3,          x_close,       x_read,           x_write,        x_truncate,    x_sync,         x_file_size,
    x_lock,     x_unlock,      x_check_reserved, x_file_control, x_sector_size, x_device_chars, x_shm_map,
    x_shm_lock, x_shm_barrier, x_shm_unmap,      x_fetch,        x_unfetch,
};

int v_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
    auto* file = reinterpret_cast<File*>(f);
    file->base.pMethods = nullptr;
    file->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + sizeof(File));
    int rc = g_real->xOpen(g_real, name, file->real, flags, out_flags);
    if (file->real->pMethods) {
        if (file->real->pMethods->iVersion < 3) std::abort();  // the unix VFS is version 3
        file->base.pMethods = &kMethods;
    }
    return rc;
}
int v_delete(sqlite3_vfs*, const char* name, int sync_dir) {
    return g_real->xDelete(g_real, name, sync_dir);
}
int v_access(sqlite3_vfs*, const char* name, int flags, int* out) {
    return g_real->xAccess(g_real, name, flags, out);
}
int v_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
    return g_real->xFullPathname(g_real, name, n, out);
}
void* v_dlopen(sqlite3_vfs*, const char* name) {
    return g_real->xDlOpen(g_real, name);
}
void v_dlerror(sqlite3_vfs*, int n, char* msg) {
    g_real->xDlError(g_real, n, msg);
}
void (*v_dlsym(sqlite3_vfs*, void* h, const char* sym))(void) {
    return g_real->xDlSym(g_real, h, sym);
}
void v_dlclose(sqlite3_vfs*, void* h) {
    g_real->xDlClose(g_real, h);
}
int v_randomness(sqlite3_vfs*, int n, char* out) {
    return g_real->xRandomness(g_real, n, out);
}
int v_sleep(sqlite3_vfs*, int us) {
    return g_real->xSleep(g_real, us);
}
int v_current_time(sqlite3_vfs*, double* t) {
    return g_real->xCurrentTime(g_real, t);
}
int v_last_error(sqlite3_vfs*, int n, char* out) {
    return g_real->xGetLastError(g_real, n, out);
}
int v_current_time64(sqlite3_vfs*, sqlite3_int64* t) {
    return g_real->xCurrentTimeInt64(g_real, t);
}

}  // namespace

void install() {
    if (g_real) return;
    g_real = sqlite3_vfs_find(nullptr);
    if (!g_real || g_real->iVersion < 2) std::abort();
    std::memset(&g_vfs, 0, sizeof g_vfs);
    g_vfs.iVersion = 2;
    g_vfs.szOsFile = static_cast<int>(sizeof(File)) + g_real->szOsFile;
    g_vfs.mxPathname = g_real->mxPathname;
    g_vfs.zName = kName;
    g_vfs.xOpen = v_open;
    g_vfs.xDelete = v_delete;
    g_vfs.xAccess = v_access;
    g_vfs.xFullPathname = v_full_pathname;
    g_vfs.xDlOpen = v_dlopen;
    g_vfs.xDlError = v_dlerror;
    g_vfs.xDlSym = v_dlsym;
    g_vfs.xDlClose = v_dlclose;
    g_vfs.xRandomness = v_randomness;
    g_vfs.xSleep = v_sleep;
    g_vfs.xCurrentTime = v_current_time;
    g_vfs.xGetLastError = v_last_error;
    g_vfs.xCurrentTimeInt64 = v_current_time64;
    if (sqlite3_vfs_register(&g_vfs, 0) != SQLITE_OK) std::abort();
}

void arm(Fault fault, int nth, bool persistent) {
    g = State{fault, nth, persistent, 0, 0, false};
}
void disarm() {
    g = State{};
}
int writes() {
    return g.writes;
}
int syncs() {
    return g.syncs;
}
bool fired() {
    return g.fired;
}

}  // namespace guichet::test::faulty_vfs
