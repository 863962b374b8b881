// Pictures of Markdown pages (`![alt](../../media/x.jpg)`).
//
//   1. The content loader's worker decodes every picture the pages use
//      (decode_pictures), scaled to the content width, into Content::pictures.
//   2. The UI thread uploads them as textures at the start of a frame
//      (PictureTextures::adopt) and releases them all when the content is replaced.
//   3. draw_doc lays each out in the flow (draw_picture), or a framed
//      « Image indisponible : alt » when it is missing or undecodable.
#pragma once

#include "content/pack_content.hpp"
#include "media/image.hpp"
#include "platform/texture.hpp"
#include "ui/markdown.hpp"

#include <map>
#include <memory>
#include <string>

namespace guichet::pack {
class PackReader;
}

namespace guichet::ui {

struct Content;
struct Ui;

// Decoded pictures, by pack path ("media/plan.jpg"); a path that is absent
// could not be read or decoded.
using PictureMap = std::map<std::string, std::shared_ptr<const media::Image>>;

// The largest picture the kiosk decodes: the 1080 px portrait screen minus its
// margins, at most this tall; larger sources are scaled down on the worker.
inline constexpr media::Size kPictureBox{1000, 1400};

using content::resolve_picture;  // content/pack_content.hpp: an image's pack path

// Worker thread: decodes each distinct picture of the pack's pages and form
// notes once (their Image blocks hold pack paths), then prepares the video
// guides. Never fails: a bad picture is only left out.
void decode_pictures(const pack::PackReader& reader, Content& content);

// UI thread only (textures need the GL context).
class PictureTextures {
public:
    // Start of a frame: when CONTENT is not the one the textures were made for,
    // releases them and uploads CONTENT's pictures. Without a GL context (unit
    // tests) nothing is uploaded and pages show the fallback.
    void adopt(std::shared_ptr<const Content> content);
    const platform::Texture* find(const std::string& pack_path) const;
    const Content* content() const { return content_.get(); }  // the content in force (video guides)

private:
    std::shared_ptr<const Content> content_;
    std::map<std::string, platform::Texture> textures_;
};

// An Image block: the picture fitted to the available width (never upscaled
// beyond ×2 of its decoded size), or the framed fallback; the alt text is
// recorded for replays either way.
void draw_picture(Ui& ui, const Block& block);

}  // namespace guichet::ui
