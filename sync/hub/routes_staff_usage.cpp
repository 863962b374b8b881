// GET /v1/staff/usage?month=YYYY-MM[&kiosk=ID][&format=json|csv|svg]: the
// monthly usage report of the « Statistiques » page (docs/usage-stats.md §5),
// for any signed-in staff member.
#include "hub/hub_server.hpp"
#include "hub/staff_gate.hpp"
#include "hub/usage_stats.hpp"
#include "protocol/routes.hpp"

namespace guichet::sync::hub {

namespace {

void usage(HubContext& ctx, const http::Request& req, http::Response& res) {
    if (!ctx.staff().require(req, res, StaffRole::staff)) return;
    const std::string month = req.has_param(paths::kQueryMonth) ? req.get_param_value(paths::kQueryMonth) : "";
    const std::string kiosk = req.has_param(paths::kQueryKiosk) ? req.get_param_value(paths::kQueryKiosk) : "";
    const std::string format = req.has_param(paths::kQueryFormat) ? req.get_param_value(paths::kQueryFormat) : "json";
    if (format != "json" && format != "csv" && format != "svg")
        return send_error(res, 400, "malformed", "Format inconnu : json, csv ou svg.");
    if (kiosk.size() > 64) return send_error(res, 400, "malformed", "Identifiant de borne trop long.");
    std::lock_guard lock(ctx.mutex());
    auto report = usage_report(ctx.db().db(), month, kiosk);
    if (!report) {
        if (report.error().message.rfind("month:", 0) == 0)
            return send_error(res, 400, "malformed", "Mois attendu au format AAAA-MM (par exemple 2026-11).");
        return send_error(res, 500, "internal", report.error().message);
    }
    res.status = 200;
    if (format == "csv") {
        res.set_content(report_csv(*report), "text/csv; charset=utf-8");
        res.set_header("Content-Disposition", "attachment; filename=\"statistiques-" + report->month + ".csv\"");
    } else if (format == "svg") {
        res.set_content(report_svg(*report), "image/svg+xml; charset=utf-8");
    } else {
        res.set_content(report_json(*report), "application/json");
    }
}

}  // namespace

void register_staff_usage_routes(http::Server& server, HubContext& ctx) {
    server.Get(std::string(paths::kStaffUsage),
               [&ctx](const http::Request& req, http::Response& res) { usage(ctx, req, res); });
}

}  // namespace guichet::sync::hub
