#include "hub/payfip_client.hpp"

#include "common/markup_escape.hpp"
#include "common/file.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace guichet::sync::hub::payfip {

namespace {

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

constexpr std::size_t kMaxAnswer = 256 << 10;

std::size_t collect(char* data, std::size_t size, std::size_t n, void* user) {
    auto* out = static_cast<std::string*>(user);
    if (out->size() + size * n > kMaxAnswer) return 0;  // aborts: PayFiP's answers are small
    out->append(data, size * n);
    return size * n;
}

struct Posted {
    long status = 0;
    std::string body;
    std::string error;  // transport failure, "" when an answer came
};

Posted post_soap(const Config& config, std::string_view operation, const std::string& envelope) {
    Posted out;
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        out.error = "libcurl could not start";
        return out;
    }
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    auto add = [&](const std::string& h) { headers.reset(curl_slist_append(headers.release(), h.c_str())); };
    add("Content-Type: text/xml; charset=utf-8");
    add("SOAPAction: \"\"");
    add("Expect:");
    (void)operation;
    curl_easy_setopt(curl.get(), CURLOPT_URL, config.service_url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, envelope.data());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(envelope.size()));
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, config.timeout_seconds);
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, std::min(config.timeout_seconds, 10L));
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    if (!config.ca_file.empty()) curl_easy_setopt(curl.get(), CURLOPT_CAINFO, config.ca_file.c_str());
    const CURLcode rc = curl_easy_perform(curl.get());
    if (rc != CURLE_OK) {
        out.error = curl_easy_strerror(rc);
        return out;
    }
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &out.status);
    return out;
}

std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out.push_back(s[i]);
            continue;
        }
        static constexpr std::pair<std::string_view, char> kEntities[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
        bool done = false;
        for (const auto& [name, c] : kEntities)
            if (s.substr(i, name.size()) == name) {
                out.push_back(c);
                i += name.size() - 1;
                done = true;
                break;
            }
        if (!done) out.push_back('&');
    }
    return out;
}

// A fault's code and words, or a "soap" fault for an answer without FIELD.
template <class T>
Answer<T> fault_of(const Posted& p, std::string_view what) {
    Answer<T> a;
    if (!p.error.empty()) {
        a.fault = {"transport", "PayFiP injoignable : " + p.error};
        return a;
    }
    if (xml_field(p.body, "Fault")) {
        a.fault.code = xml_field(p.body, "code").value_or("inconnu");
        a.fault.message = xml_field(p.body, "descriptif").value_or(
            xml_field(p.body, "libelle").value_or(xml_field(p.body, "faultstring").value_or("")));
        return a;
    }
    a.fault = {"soap", "réponse de PayFiP sans " + std::string(what) + " (HTTP " + std::to_string(p.status) + ")"};
    return a;
}

}  // namespace

std::optional<std::string> xml_field(std::string_view xml, std::string_view name) {
    std::size_t from = 0;
    while ((from = xml.find('<', from)) != std::string_view::npos) {
        std::size_t p = from + 1;
        if (p < xml.size() && (xml[p] == '/' || xml[p] == '?' || xml[p] == '!')) {
            from = p;
            continue;
        }
        std::size_t end_name = xml.find_first_of(" \t\r\n/>", p);
        if (end_name == std::string_view::npos) return std::nullopt;
        std::string_view tag = xml.substr(p, end_name - p);
        if (auto colon = tag.find(':'); colon != std::string_view::npos) tag = tag.substr(colon + 1);
        const std::size_t close = xml.find('>', end_name);
        if (close == std::string_view::npos) return std::nullopt;
        if (tag != name) {
            from = close;
            continue;
        }
        if (xml[close - 1] == '/') return std::string();
        // The matching end tag: the first "</…name>" after it (these fields do not nest).
        std::size_t search = close + 1;
        for (;;) {
            const std::size_t end = xml.find("</", search);
            if (end == std::string_view::npos) return std::nullopt;
            const std::size_t gt = xml.find('>', end);
            if (gt == std::string_view::npos) return std::nullopt;
            std::string_view etag = xml.substr(end + 2, gt - end - 2);
            if (auto colon = etag.find(':'); colon != std::string_view::npos) etag = etag.substr(colon + 1);
            if (etag == name) return unescape(xml.substr(close + 1, end - close - 1));
            search = gt;
        }
    }
    return std::nullopt;
}

std::string create_envelope(const Config& config, const CreateRequest& r) {
    auto field = [](std::string_view n, std::string_view v) {
        return "<" + std::string(n) + ">" + escape_markup(v) + "</" + std::string(n) + ">";
    };
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:pai=\"" +
           std::string(kServiceNamespace) +
           "\"><soapenv:Header/><soapenv:Body><pai:creerPaiementSecurise><arg0>" + field("exer", r.exer) +
           field("mel", r.mel) + field("montant", std::to_string(r.montant)) + field("numcli", config.numcli) +
           field("objet", r.objet) + field("refdet", r.refdet) + field("saisie", std::string(1, config.saisie)) +
           field("urlnotif", r.urlnotif) + field("urlredirect", r.urlredirect) +
           "</arg0></pai:creerPaiementSecurise></soapenv:Body></soapenv:Envelope>\n";
}

std::string detail_envelope(std::string_view idop) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:pai=\"" +
           std::string(kServiceNamespace) +
           "\"><soapenv:Header/><soapenv:Body><pai:recupererDetailPaiementSecurise><arg0><idOp>" + escape_markup(idop) +
           "</idOp></arg0></pai:recupererDetailPaiementSecurise></soapenv:Body></soapenv:Envelope>\n";
}

Answer<std::string> create_payment(const Config& config, const CreateRequest& request) {
    const Posted p = post_soap(config, "creerPaiementSecurise", create_envelope(config, request));
    if (p.error.empty() && p.status == 200)
        if (auto idop = xml_field(p.body, "idOp"); idop && !idop->empty()) return {*idop, {}};
    return fault_of<std::string>(p, "idOp");
}

Answer<Detail> payment_detail(const Config& config, std::string_view idop) {
    const Posted p = post_soap(config, "recupererDetailPaiementSecurise", detail_envelope(idop));
    if (p.error.empty() && p.status == 200 && xml_field(p.body, "resultrans")) {
        Detail d;
        auto f = [&](std::string_view n) { return xml_field(p.body, n).value_or(""); };
        d.idop = f("idOp");
        d.refdet = f("refdet");
        d.montant = f("montant");
        d.numcli = f("numcli");
        d.exer = f("exer");
        d.resultrans = f("resultrans");
        d.numauto = f("numauto");
        d.dattrans = f("dattrans");
        d.heurtrans = f("heurtrans");
        d.saisie = f("saisie");
        d.mel = f("mel");
        d.objet = f("objet");
        return {d, {}};
    }
    return fault_of<Detail>(p, "resultrans");
}

Result<Config> Config::parse(std::string_view text) {
    auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("PayFiP configuration: not a JSON object");
    Config c;
    auto str = [&](const char* name, std::string& out, bool required) -> bool {
        auto it = j.find(name);
        if (it == j.end()) return !required;
        if (!it->is_string()) return false;
        out = it->get<std::string>();
        return true;
    };
    std::string mode = "test";
    if (!str("numcli", c.numcli, true) || !str("public_url", c.public_url, true) || !str("mode", mode, false) ||
        !str("service_url", c.service_url, false) || !str("payment_url", c.payment_url, false) ||
        !str("ca_file", c.ca_file, false))
        return fail("PayFiP configuration: numcli and public_url are required; every member is a string");
    if (c.numcli.size() != 6 || c.numcli.find_first_not_of("0123456789") != std::string::npos)
        return fail("PayFiP configuration: numcli is the 6-digit client number the DGFiP gave");
    if (mode == "test") c.saisie = 'T';
    else if (mode == "activation") c.saisie = 'X';
    else if (mode == "production") c.saisie = 'W';
    else return fail("PayFiP configuration: mode is test, activation or production");
    if (!c.public_url.starts_with("https://") && !c.public_url.starts_with("http://"))
        return fail("PayFiP configuration: public_url is the hub's address as phones reach it (https://…)");
    if (!c.public_url.ends_with("/")) c.public_url += "/";
    if (auto t = j.find("timeout_seconds"); t != j.end()) {
        if (!t->is_number_integer() || t->get<long>() < 1 || t->get<long>() > 120)
            return fail("PayFiP configuration: timeout_seconds is 1–120");
        c.timeout_seconds = t->get<long>();
    }
    return c;
}

Result<Config> Config::load(const std::filesystem::path& file) {
    auto text = read_text_file(file, 64 << 10);
    if (!text) return text.error();
    auto c = parse(*text);
    if (!c) return fail(file.string() + ": " + c.error().message);
    return c;
}

}  // namespace guichet::sync::hub::payfip
