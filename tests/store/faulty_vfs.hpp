// A SQLite VFS that wraps the default one and can be told to fail the Nth
// write or sync from now, the way SQLite's own I/O error tests do:
//   faulty_vfs::install();                       // once; name kName
//   open the store with StoreOptions::vfs = faulty_vfs::kName
//   faulty_vfs::arm(Fault::write_full, 7);       // the 7th xWrite from now returns SQLITE_FULL
//   … submit() …
//   faulty_vfs::fired();  faulty_vfs::disarm();
// With PERSISTENT, every matching operation after the Nth fails as well (a disk
// that stays full); otherwise only the Nth (a transient error).
#pragma once

namespace guichet::test::faulty_vfs {

inline constexpr const char* kName = "guichet-faulty";

enum class Fault {
    none,         // count only
    write_ioerr,  // xWrite → SQLITE_IOERR_WRITE
    write_full,   // xWrite → SQLITE_FULL
    sync_ioerr,   // xSync  → SQLITE_IOERR_FSYNC
};

void install();
void arm(Fault fault, int nth, bool persistent = false);
void disarm();

int writes();  // xWrite calls since the last arm()/disarm()
int syncs();   // xSync calls since the last arm()/disarm()
bool fired();  // whether the armed fault has happened

}  // namespace guichet::test::faulty_vfs
