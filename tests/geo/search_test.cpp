#include "geo/address_search.hpp"
#include "geo/layer.hpp"
#include "geo/parcel_search.hpp"
#include "geo/text_fold.hpp"
#include "geo_fixtures.hpp"
#include "importers.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::geo;

TEST_CASE("Folding French text for search") {
    CHECK(fold_for_search("Rue de l’Église-Saint-Éloi") == "rue de l eglise saint eloi");
    CHECK(fold_for_search("Œuvre  Cœur ÆSOP") == "oeuvre coeur aesop");
    CHECK(fold_for_search("  Allée des Châtaigniers, n° 12 bis ") == "allee des chataigniers n 12 bis");
    CHECK(fold_for_search("ÀÂÄÇÈÉÊËÎÏÔÖÙÛÜŸàâäçèéêëîïôöùûüÿ") == "aaaceeeeiioouuuyaaaceeeeiioouuuy");
    CHECK(fold_for_search("L'Abergement\xFF") == "l abergement");  // invalid UTF-8 is a separator
    CHECK(search_words("12 rue  de la Gare") == std::vector<std::string>{"12", "rue", "de", "la", "gare"});
    CHECK(bounded_edit_distance("eglise", "eglise", 2) == 0);
    CHECK(bounded_edit_distance("eglise", "elgise", 2) == 1);  // transposition
    CHECK(bounded_edit_distance("jaures", "jaurez", 2) == 1);
    CHECK(bounded_edit_distance("rue", "avenue", 2) == 3);
}

namespace {

AddressIndex sample_index() {
    std::vector<AddressRecord> r;
    auto add = [&](const char* n, const char* s, const char* street, const char* commune = "Anor") {
        r.push_back({n, s, street, "59186", commune, {}});
    };
    add("1", "", "Rue de l’Église");
    add("12", "", "Rue de l’Église");
    add("12", "bis", "Rue de l’Église");
    add("14", "", "Rue de l’Église");
    add("3", "", "Rue de la Gare");
    add("5", "", "Rue de la Gare de Triage");
    add("7", "", "Avenue Jean Jaurès");
    add("2", "", "Place du Général de Gaulle");
    add("9", "", "Chemin des Œillets");
    add("4", "", "Rue de l’Église", "Fourmies");
    r.back().postcode = "59610";
    return AddressIndex(std::move(r));
}

}  // namespace

TEST_CASE("Address search: accents, case, typos, abbreviations, numbers") {
    AddressIndex idx = sample_index();
    auto first = [&](const char* q) {
        auto m = idx.search(q);
        return m.empty() ? std::string("(none)") : idx.label(m[0].address);
    };
    CHECK(first("12 rue de l'eglise") == "12 Rue de l’Église, 59186 Anor");
    CHECK(first("12 RUE DE L’ÉGLISE") == "12 Rue de l’Église, 59186 Anor");
    CHECK(first("12 bis rue de l eglise") == "12 bis Rue de l’Église, 59186 Anor");
    CHECK(first("12bis eglise") == "12 bis Rue de l’Église, 59186 Anor");
    CHECK(first("12 rue de l'elgise") == "12 Rue de l’Église, 59186 Anor");  // typo
    CHECK(first("12 rue de l'egl") == "12 Rue de l’Église, 59186 Anor");     // still typing
    CHECK(first("7 av jean jaures") == "7 Avenue Jean Jaurès, 59186 Anor");
    CHECK(first("7 avenue jean jaurez") == "7 Avenue Jean Jaurès, 59186 Anor");
    CHECK(first("pl gal de gaulle") == "2 Place du Général de Gaulle, 59186 Anor");
    CHECK(first("9 chemin des oeillets") == "9 Chemin des Œillets, 59186 Anor");
    CHECK(first("3 rue de la gare") == "3 Rue de la Gare, 59186 Anor");  // before "… de Triage"
    CHECK(first("4 eglise fourmies") == "4 Rue de l’Église, 59610 Fourmies");
    CHECK(first("eglise 59610") == "4 Rue de l’Église, 59610 Fourmies");
    CHECK(first("rue inexistante") == "(none)");
    CHECK(first("12") == "(none)");
    CHECK(first("") == "(none)");
    auto near = idx.search("13 rue de l'eglise anor");
    REQUIRE_FALSE(near.empty());
    CHECK_FALSE(near[0].exact_number);
    CHECK(idx.record(near[0].address).number == "12");
    CHECK(idx.search("rue", 3).size() == 3);
}

TEST_CASE("Address search over the real BAN extract") {
    auto imported = geo_import::import_addresses(test::map_sample(test::kBanSample), {"ban", "", "", {}, false});
    REQUIRE(imported.ok());
    auto layer = MapLayer::open(imported->entries.at(0).data);
    REQUIRE(layer.ok());
    AddressIndex idx = AddressIndex::from_layer(*layer);
    CHECK(idx.street_count() == 3);
    auto m = idx.search("38 boucle du closet");
    REQUIRE_FALSE(m.empty());
    CHECK(m[0].exact_number);
    CHECK(layer->attribute(m[0].address, "id") == "01002_0050_00038");
    m = idx.search("1082 chemin de la ferme de la montagne l'abergement");  // "Ferm" in the data
    REQUIRE_FALSE(m.empty());
    CHECK(idx.label(m[0].address) == "1082 Chemin de la Ferm de la Montagne, 01640 L'Abergement-de-Varey");
    m = idx.search("6 place du pèse-lait");
    REQUIRE_FALSE(m.empty());
    CHECK(layer->attribute(m[0].address, "id") == "01002_w4ld4h_00006");
}

TEST_CASE("Parcel references as residents write them") {
    CHECK(parse_parcel_reference("AB 37")->section == "AB");
    CHECK(parse_parcel_reference("ab0037")->number == 37);
    CHECK(parse_parcel_reference("section AB n° 37")->number == 37);
    CHECK(parse_parcel_reference("0A 12")->section == "A");
    CHECK(parse_parcel_reference("A12")->section == "A");
    CHECK(parse_parcel_reference("AB")->number == 0);
    CHECK_FALSE(parse_parcel_reference("ABC 12"));
    CHECK_FALSE(parse_parcel_reference("12"));
    CHECK_FALSE(parse_parcel_reference("AB 12345"));
    CHECK_FALSE(parse_parcel_reference("AB 0"));
}
