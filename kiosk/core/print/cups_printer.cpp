#include "print/cups_printer.hpp"

#include <cups/cups.h>

#include <algorithm>
#include <charconv>
#include <memory>

namespace guichet::print {

std::string problem_message_fr(Problem p) {
    switch (p) {
        case Problem::None: return "";
        case Problem::Missing:
            return "L’imprimante de la borne n’est pas installée. Demandez de l’aide à l’accueil.";
        case Problem::Unreachable:
        case Problem::Offline:
            return "L’imprimante ne répond pas. Demandez de l’aide à l’accueil\u202F: rien n’est perdu, vous pourrez "
                   "imprimer à nouveau.";
        case Problem::NoPaper:
            return "L’imprimante n’a plus de papier. Demandez de l’aide à l’accueil\u202F: rien n’est perdu, vous "
                   "pourrez imprimer à nouveau.";
        case Problem::PaperJam:
            return "Le papier est coincé dans l’imprimante. Demandez de l’aide à l’accueil\u202F: rien n’est perdu.";
        case Problem::Stopped:
            return "L’imprimante est arrêtée. Demandez de l’aide à l’accueil\u202F: rien n’est perdu.";
        case Problem::Refused:
            return "L’imprimante a refusé le document. Demandez de l’aide à l’accueil\u202F: rien n’est perdu.";
    }
    return "";
}

std::string problem_label_fr(Problem p) {
    switch (p) {
        case Problem::None: return "prête";
        case Problem::Missing: return "file d’impression absente (vérifiez --printer et lpstat -p)";
        case Problem::Unreachable: return "le service CUPS ne répond pas";
        case Problem::Offline: return "hors ligne";
        case Problem::NoPaper: return "plus de papier";
        case Problem::PaperJam: return "papier coincé";
        case Problem::Stopped: return "arrêtée (cupsenable pour la relancer)";
        case Problem::Refused: return "document refusé";
    }
    return "";
}

std::string_view problem_key(Problem p) {
    switch (p) {
        case Problem::None: return "ok";
        case Problem::Missing: return "missing";
        case Problem::Unreachable: return "unreachable";
        case Problem::Offline: return "offline";
        case Problem::NoPaper: return "no-paper";
        case Problem::PaperJam: return "paper-jam";
        case Problem::Stopped: return "stopped";
        case Problem::Refused: return "refused";
    }
    return "ok";
}

Problem problem_from(int state, const std::vector<std::string>& reasons, bool accepting) {
    auto has = [&](std::string_view prefix) {
        // A reason may carry a -error, -warning or -report suffix; reports are informational.
        return std::any_of(reasons.begin(), reasons.end(), [&](const std::string& r) {
            return r.starts_with(prefix) && !r.ends_with("-report");
        });
    };
    if (has("media-empty") || has("media-needed")) return Problem::NoPaper;
    if (has("media-jam")) return Problem::PaperJam;
    if (has("offline") || has("connecting-to-device") || has("shutdown")) return Problem::Offline;
    if (state == IPP_PSTATE_STOPPED || has("paused")) return Problem::Stopped;
    if (!accepting) return Problem::Stopped;
    return Problem::None;
}

Paper paper_from_media(std::string_view kw) {
    // PWG 5101.1: class_name_WIDTHxHEIGHTunit, e.g. iso_a4_210x297mm, oe_80x3276mm, na_letter_8.5x11in.
    const std::size_t last = kw.rfind('_');
    if (last == std::string_view::npos) return Paper::A4;
    std::string_view dims = kw.substr(last + 1);
    const bool inches = dims.ends_with("in");
    if (!inches && !dims.ends_with("mm")) return Paper::A4;
    dims.remove_suffix(2);
    const std::size_t x = dims.find('x');
    if (x == std::string_view::npos) return Paper::A4;
    double w = 0;
    auto r = std::from_chars(dims.data(), dims.data() + x, w);
    if (r.ec != std::errc()) return Paper::A4;
    if (inches) w *= 25.4;
    return w > 0 && w <= 90 ? Paper::Roll80 : Paper::A4;
}

namespace {

struct HttpDeleter {
    void operator()(http_t* h) const { httpClose(h); }
};
struct IppDeleter {
    void operator()(ipp_t* i) const { ippDelete(i); }
};
using HttpPtr = std::unique_ptr<http_t, HttpDeleter>;
using IppPtr = std::unique_ptr<ipp_t, IppDeleter>;

// A connection to SERVER (see the constructor), 5 s to connect.
HttpPtr connect(const std::string& server) {
    std::string host = server.empty() ? cupsServer() : server;
    int port = ippPort();
    // "host:port" (one colon: not a domain socket path, not a bare IPv6 address)
    if (const std::size_t colon = host.find(':');
        !host.empty() && host[0] != '/' && colon != std::string::npos && host.find(':', colon + 1) == std::string::npos) {
        port = std::atoi(host.c_str() + colon + 1);
        host.resize(colon);
    }
    return HttpPtr(httpConnect2(host.c_str(), port, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, 5000,
                                nullptr));
}

std::string printer_uri(const std::string& queue) {
    char uri[HTTP_MAX_URI];
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", 0, "/printers/%s",
                     queue.c_str());
    return uri;
}

}  // namespace

CupsPrinter::CupsPrinter(std::string server, std::string queue) : server_(std::move(server)), queue_(std::move(queue)) {}

PrinterState CupsPrinter::state() const {
    PrinterState st;
    HttpPtr http = connect(server_);
    if (!http) {
        st.problem = Problem::Unreachable;
        st.detail = "cupsd does not answer at " + (server_.empty() ? std::string(cupsServer()) : server_);
        return st;
    }
    ipp_t* req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, printer_uri(queue_).c_str());
    static const char* const wanted[] = {"printer-state", "printer-state-reasons", "printer-is-accepting-jobs",
                                         "media-default", "printer-state-message"};
    ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  static_cast<int>(std::size(wanted)), nullptr, wanted);
    IppPtr resp(cupsDoRequest(http.get(), req, "/"));  // frees req
    const ipp_status_t status = cupsLastError();
    if (status == IPP_STATUS_ERROR_NOT_FOUND) {
        st.problem = Problem::Missing;
        st.detail = "no queue '" + queue_ + "'";
        return st;
    }
    if (!resp || status > IPP_STATUS_OK_CONFLICTING) {
        st.problem = Problem::Unreachable;
        st.detail = cupsLastErrorString();
        return st;
    }
    int pstate = IPP_PSTATE_IDLE;
    bool accepting = true;
    if (ipp_attribute_t* a = ippFindAttribute(resp.get(), "printer-state", IPP_TAG_ENUM)) pstate = ippGetInteger(a, 0);
    if (ipp_attribute_t* a = ippFindAttribute(resp.get(), "printer-is-accepting-jobs", IPP_TAG_BOOLEAN))
        accepting = ippGetBoolean(a, 0) != 0;
    if (ipp_attribute_t* a = ippFindAttribute(resp.get(), "printer-state-reasons", IPP_TAG_KEYWORD))
        for (int i = 0; i < ippGetCount(a); ++i)
            if (const char* r = ippGetString(a, i, nullptr); r && std::string_view(r) != "none") st.reasons.emplace_back(r);
    if (ipp_attribute_t* a = ippFindAttribute(resp.get(), "media-default", IPP_TAG_ZERO))
        if (const char* m = ippGetString(a, 0, nullptr)) st.media = paper_from_media(m);
    st.problem = problem_from(pstate, st.reasons, accepting);
    if (st.problem != Problem::None) {
        if (ipp_attribute_t* a = ippFindAttribute(resp.get(), "printer-state-message", IPP_TAG_TEXT))
            if (const char* m = ippGetString(a, 0, nullptr)) st.detail = m;
        for (const std::string& r : st.reasons) st.detail += (st.detail.empty() ? "" : " ") + r;
    }
    return st;
}

Result<int> CupsPrinter::submit(const std::string& pdf, const std::string& title, Paper paper) const {
    HttpPtr http = connect(server_);
    if (!http) return fail("cupsd does not answer");
    cups_option_t* options = nullptr;
    int n = 0;
    n = cupsAddOption("media", paper == Paper::Roll80 ? "oe_80x3276mm" : "iso_a4_210x297mm", n, &options);
    n = cupsAddOption("job-hold-until", "no-hold", n, &options);
    const int job = cupsCreateJob(http.get(), queue_.c_str(), title.c_str(), n, options);
    cupsFreeOptions(n, options);
    if (job == 0) return fail(std::string("Create-Job: ") + cupsLastErrorString());
    if (cupsStartDocument(http.get(), queue_.c_str(), job, title.c_str(), CUPS_FORMAT_PDF, 1) != HTTP_STATUS_CONTINUE) {
        const std::string why = cupsLastErrorString();
        cupsCancelJob2(http.get(), queue_.c_str(), job, 1);
        return fail("Send-Document: " + why);
    }
    if (cupsWriteRequestData(http.get(), pdf.data(), pdf.size()) != HTTP_STATUS_CONTINUE) {
        cupsFinishDocument(http.get(), queue_.c_str());
        cupsCancelJob2(http.get(), queue_.c_str(), job, 1);
        return fail("Send-Document: the connection broke");
    }
    if (cupsFinishDocument(http.get(), queue_.c_str()) > IPP_STATUS_OK_CONFLICTING) {
        const std::string why = cupsLastErrorString();
        cupsCancelJob2(http.get(), queue_.c_str(), job, 1);
        return fail("Send-Document: " + why);
    }
    return job;
}

bool CupsPrinter::job_finished(int job_id) const {
    HttpPtr http = connect(server_);
    if (!http) return true;  // nothing to wait for
    ipp_t* req = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
    char uri[HTTP_MAX_URI];
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", 0, "/jobs/%d", job_id);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", nullptr, uri);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nullptr, "job-state");
    IppPtr resp(cupsDoRequest(http.get(), req, "/"));
    if (!resp || cupsLastError() > IPP_STATUS_OK_CONFLICTING) return true;
    ipp_attribute_t* a = ippFindAttribute(resp.get(), "job-state", IPP_TAG_ENUM);
    return !a || ippGetInteger(a, 0) >= IPP_JSTATE_CANCELED;
}

Result<void> CupsPrinter::cancel_and_purge(int job_id) const {
    HttpPtr http = connect(server_);
    if (!http) return fail("cupsd does not answer");
    const ipp_status_t s = cupsCancelJob2(http.get(), queue_.c_str(), job_id, 1);
    if (s <= IPP_STATUS_OK_CONFLICTING || s == IPP_STATUS_ERROR_NOT_FOUND || s == IPP_STATUS_ERROR_NOT_POSSIBLE)
        return {};
    return fail(std::string("Cancel-Job: ") + cupsLastErrorString());
}

}  // namespace guichet::print
