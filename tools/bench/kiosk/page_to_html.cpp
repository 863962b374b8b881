// Exports one pack page (Markdown with front matter) as a standalone HTML page
// styled like the kiosk's default theme (DejaVu Sans 32 px, 1080 px wide,
// header band, buttons), so that Debian's Chromium can be timed rendering the
// same content as the kiosk: the anchor a user might pick instead of a native UI.
// Usage: guichet-page-to-html PAGE.md > page.html
#include <md4c-html.h>
#include <md4c.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

void append_html(const MD_CHAR* text, MD_SIZE size, void* out) {
    static_cast<std::string*>(out)->append(text, size);
}

// The body after a "---" … "---" front matter, and its title line if any.
std::string strip_front_matter(const std::string& source, std::string& title) {
    if (source.rfind("---\n", 0) != 0) return source;
    const auto end = source.find("\n---\n", 4);
    if (end == std::string::npos) return source;
    std::istringstream front(source.substr(4, end - 4));
    for (std::string line; std::getline(front, line);) {
        if (line.rfind("title:", 0) == 0) {
            title = line.substr(6);
            while (!title.empty() && (title.front() == ' ' || title.front() == '"')) title.erase(0, 1);
            while (!title.empty() && title.back() == '"') title.pop_back();
        }
    }
    return source.substr(end + 5);
}

constexpr const char* kStyle = R"(
html,body{margin:0;background:#fff;color:#1a1a1a;font-family:"DejaVu Sans",sans-serif;font-size:32px;line-height:1.35}
header{background:#002d6e;color:#fff;padding:24px 32px;font-size:42px;font-weight:bold}
main{padding:24px 32px 200px}
h1{font-size:51px}h2{font-size:42px}
a{color:#003d99}
footer{position:fixed;bottom:0;left:0;right:0;background:#ebebeb;color:#282828;padding:16px 32px}
.buttons{display:flex;gap:24px;padding:0 32px 24px}
.buttons span{flex:1;background:#0046a0;color:#fff;border-radius:12px;min-height:120px;display:flex;align-items:center;justify-content:center}
.buttons span.reset{background:#961e1e}
)";

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 || std::string(argv[1]) == "--help") {
        std::fprintf(argc == 2 ? stdout : stderr, "usage: guichet-page-to-html PAGE.md > PAGE.html\n");
        return argc == 2 ? 0 : 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "guichet-page-to-html: cannot read %s\n", argv[1]);
        return 1;
    }
    std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string title;
    const std::string body = strip_front_matter(source, title);
    std::string html;
    if (md_html(body.data(), static_cast<MD_SIZE>(body.size()), append_html, &html,
                MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH, 0) != 0) {
        std::fprintf(stderr, "guichet-page-to-html: %s: Markdown could not be rendered\n", argv[1]);
        return 1;
    }
    std::cout << "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" << title
              << "</title><style>" << kStyle << "</style></head><body><header>Mairie d’Anor</header><main>" << html
              << "</main><div class=\"buttons\"><span>Retour</span><span class=\"reset\">Terminer et effacer</span></div>"
              << "<footer>Pack anor</footer></body></html>\n";
    return 0;
}
