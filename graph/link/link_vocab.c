/* link_vocab.c - the vocabulary both sides of a link are read with: which
 * property gives labels, aliases, types, places and founders, and the
 * small table of classes (our ontology, schema.org, FOAF, ORG, DBpedia,
 * Wikidata's P31 items) mapped to a few categories whose compatibility
 * scores the type feature. */
#include <string.h>

#include "link/link.h"

#define RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define SKOS "http://www.w3.org/2004/02/skos/core#"
#define SCHEMA "http://schema.org/"
#define FOAF "http://xmlns.com/foaf/0.1/"
#define ORG "http://www.w3.org/ns/org#"
#define HZO "https://kgsh.dev/ontology/hz#"
#define DBO "http://dbpedia.org/ontology/"
#define WD "http://www.wikidata.org/entity/"
#define WDT "http://www.wikidata.org/prop/direct/"

static const struct {
  const char *iri;
  int role;
} props[] = {
  {RDFS "label", LINK_ROLE_LABEL},
  {SKOS "prefLabel", LINK_ROLE_LABEL},
  {SCHEMA "name", LINK_ROLE_LABEL},
  {FOAF "name", LINK_ROLE_LABEL},
  {SKOS "altLabel", LINK_ROLE_ALIAS},
  {SCHEMA "alternateName", LINK_ROLE_ALIAS},
  {SCHEMA "legalName", LINK_ROLE_ALIAS},
  {KG_RDF_TYPE, LINK_ROLE_TYPE},
  {WDT "P31", LINK_ROLE_TYPE},
  {HZO "locatedIn", LINK_ROLE_PLACE},
  {HZO "headquarteredIn", LINK_ROLE_PLACE},
  {SCHEMA "containedInPlace", LINK_ROLE_PLACE},
  {SCHEMA "location", LINK_ROLE_PLACE},
  {WDT "P131", LINK_ROLE_PLACE},   /* located in the administrative entity */
  {WDT "P159", LINK_ROLE_PLACE},   /* headquarters location */
  {WDT "P17", LINK_ROLE_PLACE},    /* country */
  {DBO "location", LINK_ROLE_PLACE},
  {DBO "city", LINK_ROLE_PLACE},
  {DBO "country", LINK_ROLE_PLACE},
  {DBO "headquarter", LINK_ROLE_PLACE},
  {DBO "locationCity", LINK_ROLE_PLACE},
  {SCHEMA "founder", LINK_ROLE_FOUNDER},
  {WDT "P112", LINK_ROLE_FOUNDER}, /* founded by */
  {DBO "foundedBy", LINK_ROLE_FOUNDER},
  {"http://www.w3.org/2002/07/owl#sameAs", LINK_ROLE_SAMEAS},
};

int link_role(const char *prop) {
  for (size_t i = 0; i < sizeof props / sizeof *props; i++)
    if (!strcmp(props[i].iri, prop)) return props[i].role;
  return LINK_ROLE_NONE;
}

void link_props_sparql(strbuf *b) {
  for (size_t i = 0; i < sizeof props / sizeof *props; i++)
    strbuf_printf(b, "%s<%s>", i ? " " : "", props[i].iri);
}

void link_place_path(strbuf *b) {
  int first = 1;
  for (size_t i = 0; i < sizeof props / sizeof *props; i++)
    if (props[i].role == LINK_ROLE_PLACE) {
      strbuf_printf(b, "%s<%s>", first ? "" : "|", props[i].iri);
      first = 0;
    }
}

/* Categories: a family (organisation, person, place, other) and, within
 * it, a generic one (the family itself) and specific ones. */
enum { FAM_ORG, FAM_PERSON, FAM_PLACE, FAM_OTHER };
static const struct {
  const char *name;
  int family, generic;
} cats[] = {
  {"organisation", FAM_ORG, 1},   {"company", FAM_ORG, 0},
  {"university", FAM_ORG, 0},     {"research institute", FAM_ORG, 0},
  {"government body", FAM_ORG, 0}, {"news agency", FAM_ORG, 0},
  {"international organisation", FAM_ORG, 0},
  {"person", FAM_PERSON, 0},
  {"place", FAM_PLACE, 1},        {"country", FAM_PLACE, 0},
  {"province", FAM_PLACE, 0},     {"city", FAM_PLACE, 0},
  {"district", FAM_PLACE, 0},
  {"name", FAM_OTHER, 0},         {"work", FAM_OTHER, 0},
  {"event", FAM_OTHER, 0},        {"disambiguation page", FAM_OTHER, 0},
};
enum { C_ORG, C_COMPANY, C_UNIVERSITY, C_RESEARCH, C_GOVERNMENT, C_NEWS,
       C_INTLORG, C_PERSON, C_PLACE, C_COUNTRY, C_PROVINCE, C_CITY,
       C_DISTRICT, C_NAME, C_WORK, C_EVENT, C_DISAMBIG };

static const struct {
  const char *iri;
  int cat;
} classes[] = {
  {SCHEMA "Organization", C_ORG}, {ORG "Organization", C_ORG},
  {ORG "FormalOrganization", C_ORG}, {FOAF "Organization", C_ORG},
  {DBO "Organisation", C_ORG}, {WD "Q43229", C_ORG},
  {WD "Q163740", C_ORG},                   /* nonprofit organization */
  {HZO "Company", C_COMPANY}, {SCHEMA "Corporation", C_COMPANY},
  {DBO "Company", C_COMPANY}, {WD "Q4830453", C_COMPANY}, /* business */
  {WD "Q783794", C_COMPANY},               /* company */
  {WD "Q891723", C_COMPANY},               /* public company */
  {WD "Q786820", C_COMPANY},               /* automobile manufacturer */
  {HZO "University", C_UNIVERSITY}, {SCHEMA "CollegeOrUniversity", C_UNIVERSITY},
  {DBO "University", C_UNIVERSITY}, {WD "Q3918", C_UNIVERSITY},
  {WD "Q875538", C_UNIVERSITY},            /* public university */
  {HZO "ResearchInstitute", C_RESEARCH}, {HZO "Laboratory", C_RESEARCH},
  {SCHEMA "ResearchOrganization", C_RESEARCH},
  {WD "Q31855", C_RESEARCH},               /* research institute */
  {HZO "GovernmentBody", C_GOVERNMENT}, {HZO "ManagementCommittee", C_GOVERNMENT},
  {SCHEMA "GovernmentOrganization", C_GOVERNMENT},
  {DBO "GovernmentAgency", C_GOVERNMENT},
  {WD "Q327333", C_GOVERNMENT},            /* government agency */
  {HZO "NewsAgency", C_NEWS}, {SCHEMA "NewsMediaOrganization", C_NEWS},
  {WD "Q192283", C_NEWS},                  /* news agency */
  {HZO "InternationalOrganization", C_INTLORG},
  {WD "Q484652", C_INTLORG},               /* international organization */
  {SCHEMA "Person", C_PERSON}, {FOAF "Person", C_PERSON},
  {DBO "Person", C_PERSON}, {WD "Q5", C_PERSON}, /* human */
  {SCHEMA "Place", C_PLACE}, {SCHEMA "AdministrativeArea", C_PLACE},
  {DBO "Place", C_PLACE}, {DBO "PopulatedPlace", C_PLACE},
  {DBO "Settlement", C_PLACE}, {DBO "AdministrativeRegion", C_PLACE},
  {HZO "Country", C_COUNTRY}, {SCHEMA "Country", C_COUNTRY},
  {DBO "Country", C_COUNTRY}, {WD "Q6256", C_COUNTRY},
  {WD "Q3624078", C_COUNTRY},              /* sovereign state */
  {HZO "Province", C_PROVINCE}, {SCHEMA "State", C_PROVINCE},
  {WD "Q1615742", C_PROVINCE},             /* province of China */
  {HZO "City", C_CITY}, {SCHEMA "City", C_CITY}, {DBO "City", C_CITY},
  {WD "Q515", C_CITY}, {WD "Q1549591", C_CITY}, /* city, big city */
  {HZO "District", C_DISTRICT},
  {WD "Q101352", C_NAME}, {WD "Q202444", C_NAME}, /* family, given name */
  {SCHEMA "CreativeWork", C_WORK}, {WD "Q35127", C_WORK}, /* website */
  {SCHEMA "Event", C_EVENT}, {DBO "Event", C_EVENT},
  {WD "Q4167410", C_DISAMBIG},             /* disambiguation page */
};

void link_classes_sparql(strbuf *b) {
  for (size_t i = 0; i < sizeof classes / sizeof *classes; i++)
    if (cats[classes[i].cat].family != FAM_OTHER)
      strbuf_printf(b, " <%s>", classes[i].iri);
}

int link_category(const char *iri) {
  for (size_t i = 0; i < sizeof classes / sizeof *classes; i++)
    if (!strcmp(classes[i].iri, iri)) return classes[i].cat;
  return -1;
}

const char *link_category_name(int cat) {
  return cat >= 0 && (size_t)cat < sizeof cats / sizeof *cats ? cats[cat].name
                                                              : "";
}

int link_category_pick(int a, int b) {
  if (a < 0) return b;
  if (b < 0) return a;
  return cats[a].generic && !cats[b].generic ? b : a;
}

double link_type_score(int a, int b) {
  if (a < 0 || b < 0) return 0.5;
  if (a == b) return 1.0;
  if (cats[a].family != cats[b].family) return 0.0;
  if (cats[a].generic || cats[b].generic) return 0.8;
  return cats[a].family == FAM_OTHER ? 0.0 : 0.3;
}
