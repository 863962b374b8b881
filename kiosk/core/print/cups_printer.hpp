// One CUPS queue (libcups2): its state for the resident, the staff screen and
// the hub's heartbeat, and job submission straight from memory (no temporary
// file: nothing of a resident's is written outside the CUPS spool), and
// cancel + purge of a session's jobs.
#pragma once

#include "common/result.hpp"
#include "print/sheet.hpp"

#include <string>
#include <vector>

namespace guichet::print {

enum class Problem { None, Missing, Unreachable, Offline, NoPaper, PaperJam, Stopped, Refused };

// A French sentence for a resident about PROBLEM ("" for None).
std::string problem_message_fr(Problem p);
// A short French label for staff (« prête », « plus de papier »…).
std::string problem_label_fr(Problem p);
// A short English key for staff logs and the heartbeat ("ok", "no-paper"…).
std::string_view problem_key(Problem p);

struct PrinterState {
    Problem problem = Problem::None;
    std::vector<std::string> reasons;  // printer-state-reasons as CUPS says them
    Paper media = Paper::A4;           // from media-default: ≤ 90 mm wide is a receipt roll
    std::string detail;                // CUPS's own words (staff), "" when fine
};

// Reads the problem from an IPP printer-state (3 idle, 4 processing, 5 stopped),
// printer-state-reasons and printer-is-accepting-jobs.
Problem problem_from(int state, const std::vector<std::string>& reasons, bool accepting);
// The paper of a PWG media keyword (iso_a4_210x297mm, oe_80x3276mm…).
Paper paper_from_media(std::string_view keyword);

class CupsPrinter {
public:
    // SERVER: "" for the client's default (CUPS_SERVER, client.conf), a domain
    // socket path ("/run/cups/cups.sock") or "host:port".
    CupsPrinter(std::string server, std::string queue);

    PrinterState state() const;
    // Sends PDF as a new job titled TITLE; returns the job id once cupsd holds it.
    Result<int> submit(const std::string& pdf, const std::string& title, Paper paper) const;
    // Whether JOB_ID has left the printer (completed, cancelled, aborted, or unknown to cupsd).
    bool job_finished(int job_id) const;
    // Cancels JOB_ID and purges it (its files and its history). A job already gone is fine.
    Result<void> cancel_and_purge(int job_id) const;
    const std::string& queue() const { return queue_; }

private:
    std::string server_;
    std::string queue_;
};

}  // namespace guichet::print
