/* bench_gen.c - deterministic generator of the benchmark graph (N-Triples).
 *
 *   bench_gen N         writes exactly N triples to stdout (N may be written
 *                       10k, 100k, 1M, 10M)
 *
 * The graph is shaped like data/article.trig and uses its vocabulary
 * (ontology/hz.ttl, schema.org, W3C ORG, RDF Data Cube, SKOS): a country,
 * provinces, cities, districts, industrial parks and buildings linked by
 * hzo:locatedIn and schema:containedInPlace (building -> park -> district
 * -> city -> province -> country: 5 hops); universities, investment funds,
 * industry sectors (skos:Concept) under the article's five ecosystems;
 * then, repeated until N triples are written, a company with Chinese and
 * English labels, its founder (org:Membership), its posts (org:Post) and
 * the people holding them, an equity investment (investor, investee,
 * amount as a hzo:Figure with an xsd:decimal value and a currency, date as
 * xsd:date), its yearly revenue and R&D figures (qb:Observation) and, now
 * and then, a laboratory. The output depends on N only: the pseudo-random
 * generator has a fixed seed and nothing is read from the clock. The first
 * N triples of a larger run are not the same as a smaller run (the place
 * hierarchy is sized from N).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HZ "https://kgsh.dev/id/hz/"
#define HZO "https://kgsh.dev/ontology/hz#"
#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define SCHEMA "http://schema.org/"
#define ORG "http://www.w3.org/ns/org#"
#define QB "http://purl.org/linked-data/cube#"
#define SKOS "http://www.w3.org/2004/02/skos/core#"
#define DCT "http://purl.org/dc/terms/"
#define DCAT "http://www.w3.org/ns/dcat#"

/* ------------------------------------------------------------ output */

static unsigned long long limit, written;

/* One triple: subject and predicate are IRIs; the object is an IRI when
 * `lit` is 0, else a literal with `lang` or `dt` (either may be NULL). */
static void emit(const char *s, const char *p, const char *o, int lit,
                 const char *lang, const char *dt) {
  if (written >= limit) {
    if (fflush(stdout) != 0 || ferror(stdout)) exit(1);
    exit(0);
  }
  if (lit) {
    if (lang)
      printf("<%s> <%s> \"%s\"@%s .\n", s, p, o, lang);
    else if (dt)
      printf("<%s> <%s> \"%s\"^^<%s> .\n", s, p, o, dt);
    else
      printf("<%s> <%s> \"%s\" .\n", s, p, o);
  } else {
    printf("<%s> <%s> <%s> .\n", s, p, o);
  }
  written++;
}

static void iri(const char *s, const char *p, const char *o) {
  emit(s, p, o, 0, NULL, NULL);
}
static void lang(const char *s, const char *p, const char *o, const char *l) {
  emit(s, p, o, 1, l, NULL);
}
static void typed(const char *s, const char *p, const char *o, const char *dt) {
  emit(s, p, o, 1, NULL, dt);
}
static void labels(const char *s, const char *zh, const char *en) {
  lang(s, RDFS "label", zh, "zh");
  lang(s, RDFS "label", en, "en");
}

/* ------------------------------------------------------------ random */

static uint64_t rng_state = 0x6b6773682d62656eULL; /* "kgsh-ben" */

static uint64_t rnd(void) { /* splitmix64 */
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static unsigned pick(unsigned n) { return (unsigned)(rnd() % n); }

/* ------------------------------------------------------------- pools */

typedef struct {
  const char *zh, *en;
} pair;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const pair provinces[] = {
    {"浙江省", "Zhejiang"},       {"江苏省", "Jiangsu"},
    {"广东省", "Guangdong"},      {"安徽省", "Anhui"},
    {"福建省", "Fujian"},         {"山东省", "Shandong"},
    {"湖北省", "Hubei"},          {"湖南省", "Hunan"},
    {"江西省", "Jiangxi"},        {"四川省", "Sichuan"},
    {"河南省", "Henan"},          {"河北省", "Hebei"},
    {"陕西省", "Shaanxi"},        {"山西省", "Shanxi"},
    {"辽宁省", "Liaoning"},       {"吉林省", "Jilin"},
    {"黑龙江省", "Heilongjiang"}, {"云南省", "Yunnan"},
    {"贵州省", "Guizhou"},        {"海南省", "Hainan"},
    {"甘肃省", "Gansu"},          {"青海省", "Qinghai"},
    {"台湾省", "Taiwan"}};

/* Syllables for place and brand names: Chinese and pinyin. */
static const pair syl[] = {
    {"杭", "hang"},   {"州", "zhou"},  {"宁", "ning"},  {"波", "bo"},
    {"温", "wen"},    {"嘉", "jia"},   {"兴", "xing"},  {"湖", "hu"},
    {"绍", "shao"},   {"金", "jin"},   {"华", "hua"},   {"衢", "qu"},
    {"舟", "zhou"},   {"山", "shan"},  {"台", "tai"},   {"丽", "li"},
    {"水", "shui"},   {"滨", "bin"},   {"江", "jiang"}, {"西", "xi"},
    {"东", "dong"},   {"南", "nan"},   {"北", "bei"},   {"安", "an"},
    {"平", "ping"},   {"阳", "yang"},  {"海", "hai"},   {"明", "ming"},
    {"德", "de"},     {"清", "qing"},  {"天", "tian"},  {"云", "yun"},
    {"新", "xin"},    {"和", "he"},    {"泰", "tai"},   {"瑞", "rui"},
    {"源", "yuan"},   {"达", "da"},    {"鸿", "hong"},  {"星", "xing"},
    {"辰", "chen"},   {"恒", "heng"},  {"远", "yuan"},  {"峰", "feng"},
    {"创", "chuang"}, {"博", "bo"},    {"智", "zhi"},   {"联", "lian"},
    {"鑫", "xin"},    {"信", "xin"},   {"富", "fu"},    {"康", "kang"},
    {"临", "lin"},    {"萧", "xiao"},  {"余", "yu"},    {"钱", "qian"},
    {"塘", "tang"},   {"富", "fu"},    {"桐", "tong"},  {"庐", "lu"},
    {"淳", "chun"},   {"建", "jian"},  {"德", "de"},    {"拱", "gong"},
    {"墅", "shu"},    {"上", "shang"}, {"城", "cheng"}, {"昌", "chang"}};

static const pair industries[] = {{"智能", "Intelligent"},
                                  {"科技", "Technology"},
                                  {"生物", "Biotech"},
                                  {"医药", "Pharmaceutical"},
                                  {"生物医药", "Biomedical"},
                                  {"电子", "Electronics"},
                                  {"半导体", "Semiconductor"},
                                  {"新能源", "New Energy"},
                                  {"新材料", "New Materials"},
                                  {"机器人", "Robotics"},
                                  {"软件", "Software"},
                                  {"网络", "Network"},
                                  {"数据", "Data"},
                                  {"装备", "Equipment"},
                                  {"汽车", "Automotive"},
                                  {"光电", "Optoelectronics"},
                                  {"医疗器械", "Medical Devices"},
                                  {"信息技术", "Information Technology"},
                                  {"环保", "Environmental"},
                                  {"精密机械", "Precision Machinery"}};

static const pair forms[] = {{"有限公司", "Co., Ltd."},
                             {"股份有限公司", "Corp., Ltd."},
                             {"集团有限公司", "Group Co., Ltd."}};

static const pair surnames[] = {
    {"王", "Wang"},  {"李", "Li"},   {"张", "Zhang"}, {"刘", "Liu"},
    {"陈", "Chen"},  {"杨", "Yang"}, {"赵", "Zhao"},  {"黄", "Huang"},
    {"周", "Zhou"},  {"吴", "Wu"},   {"徐", "Xu"},    {"孙", "Sun"},
    {"胡", "Hu"},    {"朱", "Zhu"},  {"高", "Gao"},   {"林", "Lin"},
    {"何", "He"},    {"郭", "Guo"},  {"马", "Ma"},    {"罗", "Luo"},
    {"梁", "Liang"}, {"宋", "Song"}, {"郑", "Zheng"}, {"谢", "Xie"}};

static const pair given[] = {
    {"伟", "wei"},   {"芳", "fang"}, {"敏", "min"},  {"静", "jing"},
    {"强", "qiang"}, {"磊", "lei"},  {"军", "jun"},  {"洋", "yang"},
    {"勇", "yong"},  {"艳", "yan"},  {"杰", "jie"},  {"娟", "juan"},
    {"涛", "tao"},   {"明", "ming"}, {"超", "chao"}, {"秀", "xiu"},
    {"霞", "xia"},   {"平", "ping"}, {"刚", "gang"}, {"江", "jiang"},
    {"建", "jian"},  {"国", "guo"},  {"华", "hua"},  {"志", "zhi"},
    {"宏", "hong"},  {"文", "wen"},  {"晓", "xiao"}, {"雪", "xue"}};

/* Sectors (skos:Concept, hzo:IndustrySector) under the five ecosystems. */
static const struct {
  const char *id, *zh, *en;
  int eco;
} sectors[] = {
    {"integrated-circuits", "集成电路", "integrated circuits", 0},
    {"high-end-software", "高端软件", "high-end software", 0},
    {"digital-security", "数字安防与网络通信",
     "digital security and network communication", 0},
    {"artificial-intelligence", "人工智能", "artificial intelligence", 0},
    {"internet-of-things", "物联网", "internet of things", 0},
    {"cloud-computing", "云计算", "cloud computing", 0},
    {"biomedicine", "生物医药", "biomedicine", 1},
    {"medical-devices", "医疗器械", "medical devices", 1},
    {"innovative-drugs", "创新药", "innovative drugs", 1},
    {"gene-therapy", "基因治疗", "gene therapy", 1},
    {"robotics", "机器人与数控机床", "robotics and CNC machine tools", 2},
    {"new-energy-vehicles", "新能源汽车", "new energy vehicles", 2},
    {"aerospace", "航空航天", "aerospace", 2},
    {"smart-manufacturing", "智能制造装备", "smart manufacturing equipment", 2},
    {"advanced-materials", "先进基础材料", "advanced basic materials", 3},
    {"key-strategic-materials", "关键战略材料", "key strategic materials", 3},
    {"frontier-materials", "前沿新材料", "frontier new materials", 3},
    {"photovoltaics", "光伏", "photovoltaics", 4},
    {"energy-storage", "储能", "energy storage", 4},
    {"hydrogen-energy", "氢能", "hydrogen energy", 4},
    {"energy-saving", "节能环保与新能源装备",
     "energy saving, environmental protection and new energy equipment", 4}};

static const struct {
  const char *id, *zh, *en;
} ecosystems[] = {
    {"SmartIoTEcosystem", "智能物联产业生态圈", "smart IoT industry ecosystem"},
    {"BiomedicineEcosystem", "生物医药产业生态圈",
     "biomedicine industry ecosystem"},
    {"HighEndEquipmentEcosystem", "高端装备产业生态圈",
     "high-end equipment industry ecosystem"},
    {"NewMaterialsEcosystem", "新材料产业生态圈",
     "new materials industry ecosystem"},
    {"GreenEnergyEcosystem", "绿色能源产业生态圈",
     "green energy industry ecosystem"}};

static const struct {
  const char *id, *zh, *en;
} roles[] = {{"Founder", "创始人", "founder"},
             {"Chairman", "董事长", "chairman"},
             {"CEO", "首席执行官", "chief executive officer"},
             {"CTO", "首席技术官", "chief technology officer"},
             {"ChiefScientist", "首席科学家", "chief scientist"},
             {"Director", "主任", "director"}};

static const struct {
  const char *id, *zh, *en;
} indicators[] = {{"OperatingRevenue", "营业收入", "operating revenue"},
                  {"RDExpenditure", "研发投入", "R&D expenditure"},
                  {"GDP", "地区生产总值", "gross domestic product"},
                  {"InvestmentAmount", "投资金额", "investment amount"}};

static const pair technologies[] = {{"人工智能", "artificial intelligence"},
                                    {"类脑计算", "brain-inspired computing"},
                                    {"量子信息", "quantum information"},
                                    {"合成生物学", "synthetic biology"},
                                    {"柔性电子", "flexible electronics"},
                                    {"智能感知", "intelligent sensing"},
                                    {"先进制造", "advanced manufacturing"},
                                    {"新型储能", "new energy storage"}};

static const pair parktypes[] = {{"科技园", "Science Park"},
                                 {"产业园", "Industrial Park"},
                                 {"创新港", "Innovation Harbour"},
                                 {"小镇", "Town"}};

static const pair unisuffix[] = {{"大学", "University"},
                                 {"理工大学", "University of Technology"},
                                 {"师范大学", "Normal University"},
                                 {"医科大学", "Medical University"}};

#define FIRST_YEAR 2019
#define YEARS 5

/* -------------------------------------------------------------- names */

/* A two-syllable name: zh into `zh`, capitalised pinyin into `en`. */
static void name2(char *zh, size_t zn, char *en, size_t en_n) {
  const pair *a = &syl[pick(COUNT(syl))], *b = &syl[pick(COUNT(syl))];
  snprintf(zh, zn, "%s%s", a->zh, b->zh);
  snprintf(en, en_n, "%s%s", a->en, b->en);
  if (en[0] >= 'a' && en[0] <= 'z') en[0] = (char)(en[0] - 'a' + 'A');
}

/* ------------------------------------------------------------- places */

static unsigned nprov, ncity, ndist, npark, nbuild, nuni, nfund;
static char (*city_zh)[32], (*city_en)[48];
static unsigned *dist_city;

#define PARKS_PER_DISTRICT 3
#define BUILDINGS_PER_PARK 4

/* An xsd:decimal in the form Oxigraph also writes (no trailing zeros), so
 * that answers compare equal as text across engines. */
static void amount_text(char *buf, size_t n, unsigned long long cents) {
  if (cents % 100 == 0)
    snprintf(buf, n, "%llu", cents / 100);
  else if (cents % 10 == 0)
    snprintf(buf, n, "%llu.%llu", cents / 100, cents % 100 / 10);
  else
    snprintf(buf, n, "%llu.%02llu", cents / 100, cents % 100);
}

static void place(const char *s, const char *cls, const char *zh,
                  const char *en, const char *in) {
  iri(s, RDF "type", cls);
  labels(s, zh, en);
  iri(s, HZO "locatedIn", in);
  iri(s, SCHEMA "containedInPlace", in);
}

static void gen_context(void) {
  char s[160], o[160], zh[160], en[200], v[64];

  /* vocabulary: ecosystems, sectors, roles, indicators, units, periods */
  iri(HZ "IndustryScheme", RDF "type", SKOS "ConceptScheme");
  labels(HZ "IndustryScheme", "产业与产业生态圈",
         "Industries and industry ecosystems");
  for (size_t i = 0; i < COUNT(ecosystems); i++) {
    snprintf(s, sizeof s, HZ "%s", ecosystems[i].id);
    iri(s, RDF "type", HZO "IndustryEcosystem");
    iri(s, RDF "type", SKOS "Concept");
    labels(s, ecosystems[i].zh, ecosystems[i].en);
    iri(s, SKOS "inScheme", HZ "IndustryScheme");
  }
  for (size_t i = 0; i < COUNT(sectors); i++) {
    snprintf(s, sizeof s, HZ "sector/%s", sectors[i].id);
    iri(s, RDF "type", HZO "IndustrySector");
    iri(s, RDF "type", SKOS "Concept");
    labels(s, sectors[i].zh, sectors[i].en);
    snprintf(o, sizeof o, HZ "%s", ecosystems[sectors[i].eco].id);
    iri(s, SKOS "broader", o);
    iri(s, SKOS "inScheme", HZ "IndustryScheme");
  }
  for (size_t i = 0; i < COUNT(roles); i++) {
    snprintf(s, sizeof s, HZ "role/%s", roles[i].id);
    iri(s, RDF "type", ORG "Role");
    labels(s, roles[i].zh, roles[i].en);
  }
  for (size_t i = 0; i < COUNT(indicators); i++) {
    snprintf(s, sizeof s, HZ "indicator/%s", indicators[i].id);
    iri(s, RDF "type", HZO "Indicator");
    labels(s, indicators[i].zh, indicators[i].en);
  }
  for (size_t i = 0; i < COUNT(technologies); i++) {
    snprintf(s, sizeof s, HZ "technology/%zu", i + 1);
    iri(s, RDF "type", HZO "Technology");
    labels(s, technologies[i].zh, technologies[i].en);
  }
  for (int y = FIRST_YEAR; y < FIRST_YEAR + YEARS; y++) {
    snprintf(s, sizeof s, HZ "period/%d", y);
    snprintf(zh, sizeof zh, "%d年", y);
    snprintf(en, sizeof en, "%d", y);
    iri(s, RDF "type", HZO "Period");
    labels(s, zh, en);
    snprintf(v, sizeof v, "%d-01-01", y);
    typed(s, DCAT "startDate", v, XSD "date");
    snprintf(v, sizeof v, "%d-12-31", y);
    typed(s, DCAT "endDate", v, XSD "date");
  }
  iri(HZ "dataset/enterprise-figures", RDF "type", QB "DataSet");
  labels(HZ "dataset/enterprise-figures", "企业统计数据", "Enterprise figures");
  iri(HZ "dataset/regional-figures", RDF "type", QB "DataSet");
  labels(HZ "dataset/regional-figures", "地区统计数据", "Regional figures");

  /* places */
  iri(HZ "China", RDF "type", HZO "Country");
  labels(HZ "China", "中国", "China");
  for (unsigned p = 0; p < nprov; p++) {
    snprintf(s, sizeof s, HZ "province/%u", p + 1);
    const pair *pv = &provinces[p % COUNT(provinces)];
    if (p < COUNT(provinces)) {
      snprintf(zh, sizeof zh, "%s", pv->zh);
      snprintf(en, sizeof en, "%s", pv->en);
    } else {
      snprintf(zh, sizeof zh, "%s%u", pv->zh, p / (unsigned)COUNT(provinces));
      snprintf(en, sizeof en, "%s %u", pv->en, p / (unsigned)COUNT(provinces));
    }
    place(s, HZO "Province", zh, en, HZ "China");
  }
  for (unsigned c = 0; c < ncity; c++) {
    char bz[32], be[48];
    name2(bz, sizeof bz, be, sizeof be);
    snprintf(city_zh[c], sizeof city_zh[c], "%s", bz);
    snprintf(city_en[c], sizeof city_en[c], "%s", be);
    snprintf(s, sizeof s, HZ "city/%u", c + 1);
    snprintf(o, sizeof o, HZ "province/%u", c % nprov + 1);
    snprintf(zh, sizeof zh, "%s市", bz);
    snprintf(en, sizeof en, "%s", be);
    place(s, HZO "City", zh, en, o);
  }
  for (unsigned d = 0; d < ndist; d++) {
    char bz[32], be[48];
    unsigned c = d % ncity;
    dist_city[d] = c;
    name2(bz, sizeof bz, be, sizeof be);
    snprintf(s, sizeof s, HZ "district/%u", d + 1);
    snprintf(o, sizeof o, HZ "city/%u", c + 1);
    snprintf(zh, sizeof zh, "%s区", bz);
    snprintf(en, sizeof en, "%s District", be);
    place(s, HZO "District", zh, en, o);
    snprintf(zh, sizeof zh, "%s%s区", city_zh[c], bz);
    lang(s, SKOS "altLabel", zh, "zh");
    /* regional GDP, one figure a year */
    for (int y = FIRST_YEAR + 2; y < FIRST_YEAR + YEARS; y++) {
      char f[160], per[96];
      snprintf(f, sizeof f, HZ "obs/gdp-%u-%d", d + 1, y);
      snprintf(per, sizeof per, HZ "period/%d", y);
      iri(f, RDF "type", QB "Observation");
      iri(f, RDF "type", HZO "Figure");
      iri(f, QB "dataSet", HZ "dataset/regional-figures");
      iri(f, HZO "subject", s);
      iri(f, HZO "indicator", HZ "indicator/GDP");
      amount_text(v, sizeof v,
                  (20000000000ULL + rnd() % 300000000000ULL) * 100ULL);
      typed(f, HZO "value", v, XSD "decimal");
      iri(f, HZO "unit", HZO "CNY");
      iri(f, HZO "refPeriod", per);
      iri(f, HZO "refArea", s);
    }
  }
  for (unsigned k = 0; k < npark; k++) {
    unsigned d = k / PARKS_PER_DISTRICT;
    const pair *t = &parktypes[pick(COUNT(parktypes))];
    char bz[32], be[48];
    name2(bz, sizeof bz, be, sizeof be);
    snprintf(s, sizeof s, HZ "park/%u", k + 1);
    snprintf(o, sizeof o, HZ "district/%u", d + 1);
    snprintf(zh, sizeof zh, "%s%s", bz, t->zh);
    snprintf(en, sizeof en, "%s %s", be, t->en);
    place(s, HZO "IndustrialPark", zh, en, o);
  }
  for (unsigned b = 0; b < nbuild; b++) {
    unsigned k = b / BUILDINGS_PER_PARK;
    snprintf(s, sizeof s, HZ "building/%u", b + 1);
    snprintf(o, sizeof o, HZ "park/%u", k + 1);
    snprintf(zh, sizeof zh, "%u号楼", b % BUILDINGS_PER_PARK + 1);
    snprintf(en, sizeof en, "Building %u", b % BUILDINGS_PER_PARK + 1);
    place(s, HZO "Building", zh, en, o);
  }
  for (unsigned u = 0; u < nuni; u++) {
    unsigned c = u % ncity;
    const pair *t = &unisuffix[u / ncity % COUNT(unisuffix)];
    unsigned d = c;
    while (d + ncity < ndist && pick(2)) d += ncity; /* a district of c */
    snprintf(s, sizeof s, HZ "university/%u", u + 1);
    iri(s, RDF "type", HZO "University");
    snprintf(zh, sizeof zh, "%s%s", city_zh[c], t->zh);
    snprintf(en, sizeof en, "%s %s", city_en[c], t->en);
    labels(s, zh, en);
    snprintf(o, sizeof o, HZ "district/%u", d + 1);
    iri(s, HZO "locatedIn", o);
    iri(s, HZO "headquarteredIn", o);
    snprintf(v, sizeof v, "%u-09-01", 1897 + pick(110));
    typed(s, SCHEMA "foundingDate", v, XSD "date");
  }
  for (unsigned f = 0; f < nfund; f++) {
    char bz[32], be[48];
    unsigned c = f % ncity;
    name2(bz, sizeof bz, be, sizeof be);
    snprintf(s, sizeof s, HZ "fund/%u", f + 1);
    iri(s, RDF "type", HZO "Company");
    iri(s, RDF "type", SCHEMA "InvestmentFund");
    snprintf(zh, sizeof zh, "%s%s创业投资基金", city_zh[c], bz);
    snprintf(en, sizeof en, "%s %s Venture Capital Fund", city_en[c], be);
    labels(s, zh, en);
    snprintf(o, sizeof o, HZ "district/%u", c + 1);
    iri(s, HZO "headquarteredIn", o);
  }
}

/* ---------------------------------------------------------- companies */

static unsigned long long npeople, nposts, nmember, ninvest, nobs, nlabs;

static void person(char *s, size_t n) {
  const pair *a = &surnames[pick(COUNT(surnames))];
  const pair *b = &given[pick(COUNT(given))];
  char zh[64], en[96];
  npeople++;
  snprintf(s, n, HZ "person/%llu", npeople);
  iri(s, RDF "type", SCHEMA "Person");
  if (pick(2)) {
    const pair *c = &given[pick(COUNT(given))];
    snprintf(zh, sizeof zh, "%s%s%s", a->zh, b->zh, c->zh);
    snprintf(en, sizeof en, "%s %c%s%s", a->en, b->en[0] - 'a' + 'A', b->en + 1,
             c->en);
  } else {
    snprintf(zh, sizeof zh, "%s%s", a->zh, b->zh);
    snprintf(en, sizeof en, "%s %c%s", a->en, b->en[0] - 'a' + 'A', b->en + 1);
  }
  labels(s, zh, en);
  if (pick(2)) {
    char u[96];
    snprintf(u, sizeof u, HZ "university/%u", pick(nuni) + 1);
    iri(s, SCHEMA "alumniOf", u);
  }
}

static void figure(const char *subject, const char *indicator, int year,
                   const char *area, const char *dataset,
                   unsigned long long cents) {
  char f[96], v[64], per[96], ind[128];
  nobs++;
  snprintf(f, sizeof f, HZ "obs/%llu", nobs);
  snprintf(per, sizeof per, HZ "period/%d", year);
  snprintf(ind, sizeof ind, HZ "indicator/%s", indicator);
  iri(f, RDF "type", QB "Observation");
  iri(f, RDF "type", HZO "Figure");
  iri(f, QB "dataSet", dataset);
  iri(f, HZO "subject", subject);
  iri(f, HZO "indicator", ind);
  amount_text(v, sizeof v, cents);
  typed(f, HZO "value", v, XSD "decimal");
  iri(f, HZO "unit", HZO "CNY");
  iri(f, HZO "refPeriod", per);
  iri(f, HZO "refArea", area);
}

/* A log-uniform amount between 1e6 and 1e10 yuan, in cents. */
static unsigned long long money(void) {
  unsigned long long yuan = 1000000ULL;
  unsigned steps = pick(40); /* 10^(steps/10) */
  for (unsigned i = 0; i < steps; i++) yuan = yuan * 125893ULL / 100000ULL;
  yuan += rnd() % yuan;
  return yuan * 100ULL + pick(100);
}

static void gen_company(unsigned long long i) {
  char c[96], s[160], o[160], zh[200], en[240], bz[32], be[48], v[64];
  unsigned b = pick(nbuild);
  unsigned d = b / BUILDINGS_PER_PARK / PARKS_PER_DISTRICT;
  unsigned city = dist_city[d];
  unsigned sec = pick(COUNT(sectors));
  const pair *ind = &industries[pick(COUNT(industries))];
  const pair *form = &forms[pick(COUNT(forms))];
  char dist[96];

  name2(bz, sizeof bz, be, sizeof be);
  snprintf(c, sizeof c, HZ "company/%llu", i);
  snprintf(dist, sizeof dist, HZ "district/%u", d + 1);
  iri(c, RDF "type", HZO "Company");
  snprintf(zh, sizeof zh, "%s%s", bz, ind->zh);
  snprintf(en, sizeof en, "%s %s", be, ind->en);
  labels(c, zh, en);
  snprintf(zh, sizeof zh, "%s%s%s%s", city_zh[city], bz, ind->zh, form->zh);
  snprintf(en, sizeof en, "%s %s %s %s", city_en[city], be, ind->en, form->en);
  lang(c, SCHEMA "legalName", zh, "zh");
  lang(c, SCHEMA "legalName", en, "en");
  snprintf(o, sizeof o, HZ "building/%u", b + 1);
  iri(c, HZO "locatedIn", o);
  iri(c, HZO "headquarteredIn", dist);
  snprintf(o, sizeof o, HZ "sector/%s", sectors[sec].id);
  iri(c, HZO "sector", o);
  int founded = 1985 + (int)pick(38);
  snprintf(v, sizeof v, "%d-%02u-%02u", founded, pick(12) + 1, pick(28) + 1);
  typed(c, SCHEMA "foundingDate", v, XSD "date");
  if (pick(10) < 7) {
    snprintf(v, sizeof v, "%u", 5 + pick(20000));
    typed(c, SCHEMA "numberOfEmployees", v, XSD "integer");
  }

  /* the founder and the membership that says so */
  person(s, sizeof s);
  iri(c, SCHEMA "founder", s);
  nmember++;
  snprintf(o, sizeof o, HZ "membership/%llu", nmember);
  iri(o, RDF "type", ORG "Membership");
  iri(o, ORG "member", s);
  iri(o, ORG "organization", c);
  iri(o, ORG "role", HZ "role/Founder");

  /* 0-2 posts */
  unsigned posts = pick(3);
  for (unsigned k = 0; k < posts; k++) {
    unsigned r = 1 + pick(4);
    char ro[96];
    nposts++;
    snprintf(o, sizeof o, HZ "post/%llu", nposts);
    snprintf(ro, sizeof ro, HZ "role/%s", roles[r].id);
    iri(o, RDF "type", ORG "Post");
    iri(o, ORG "postIn", c);
    iri(o, ORG "role", ro);
    snprintf(zh, sizeof zh, "%s%s%s", bz, ind->zh, roles[r].zh);
    lang(o, RDFS "label", zh, "zh");
    person(s, sizeof s);
    iri(o, ORG "heldBy", s);
    iri(s, ORG "holds", o);
  }

  /* an equity investment into this company, every other company */
  if (i > 1 && pick(2)) {
    char inv[96], amt[96], investor[96];
    ninvest++;
    snprintf(inv, sizeof inv, HZ "investment/%llu", ninvest);
    snprintf(amt, sizeof amt, HZ "obs/investment-%llu", ninvest);
    if (pick(10) < 3)
      snprintf(investor, sizeof investor, HZ "fund/%u", pick(nfund) + 1);
    else
      snprintf(investor, sizeof investor, HZ "company/%llu",
               1 + rnd() % (i - 1));
    iri(inv, RDF "type", HZO "EquityInvestment");
    iri(inv, HZO "investor", investor);
    iri(inv, HZO "investee", c);
    iri(inv, HZO "amount", amt);
    snprintf(v, sizeof v, "%d-%02u-%02u", 2015 + (int)pick(9), pick(12) + 1,
             pick(28) + 1);
    typed(inv, DCT "date", v, XSD "date");
    iri(amt, RDF "type", HZO "Figure");
    iri(amt, HZO "indicator", HZ "indicator/InvestmentAmount");
    amount_text(v, sizeof v, money());
    typed(amt, HZO "value", v, XSD "decimal");
    iri(amt, HZO "unit", pick(10) < 8 ? HZO "CNY" : HZO "EUR");
  }

  /* revenue in two years, R&D in one */
  int y = FIRST_YEAR + (int)pick(YEARS - 1);
  unsigned long long rev = money();
  figure(c, "OperatingRevenue", y, dist, HZ "dataset/enterprise-figures", rev);
  figure(c, "OperatingRevenue", y + 1, dist, HZ "dataset/enterprise-figures",
         rev + rev / 10 * pick(3));
  figure(c, "RDExpenditure", y + 1, dist, HZ "dataset/enterprise-figures",
         rev / (5 + pick(20)));

  /* a laboratory now and then */
  if (i % 12 == 0) {
    unsigned u = pick(nuni);
    const pair *t = &technologies[pick(COUNT(technologies))];
    nlabs++;
    snprintf(s, sizeof s, HZ "lab/%llu", nlabs);
    iri(s, RDF "type", HZO "Laboratory");
    snprintf(zh, sizeof zh, "%s%s重点实验室", bz, t->zh);
    snprintf(en, sizeof en, "%s Key Laboratory of %s", be, t->en);
    labels(s, zh, en);
    snprintf(o, sizeof o, HZ "university/%u", u + 1);
    iri(s, ORG "subOrganizationOf", o);
    snprintf(o, sizeof o, HZ "park/%u", b / BUILDINGS_PER_PARK + 1);
    iri(s, HZO "locatedIn", o);
    iri(s, HZO "headquarteredIn", dist);
    snprintf(o, sizeof o, HZ "technology/%u", (unsigned)(t - technologies) + 1);
    iri(s, HZO "researchFocus", o);
    iri(s, ORG "linkedTo", c);
  }
}

/* -------------------------------------------------------------- main */

static int parse_count(const char *a, unsigned long long *out) {
  char *end;
  unsigned long long n = strtoull(a, &end, 10);
  if (end == a) return -1;
  if (*end == 'k' || *end == 'K')
    n *= 1000ULL, end++;
  else if (*end == 'm' || *end == 'M')
    n *= 1000000ULL, end++;
  else if (*end == 'g' || *end == 'G')
    n *= 1000000000ULL, end++;
  if (*end) return -1;
  *out = n;
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2 || parse_count(argv[1], &limit) != 0) {
    fprintf(stderr, "usage: bench_gen N   (N triples: 10000, 100k, 1M...)\n");
    return 2;
  }
  static char buf[1 << 20];
  setvbuf(stdout, buf, _IOFBF, sizeof buf);

  /* the place hierarchy grows with N: about 1 district per 1000 triples */
  ndist = (unsigned)(limit / 1000);
  if (ndist < 6) ndist = 6;
  ncity = ndist / 10;
  if (ncity < 2) ncity = 2;
  nprov = ncity / 12;
  if (nprov < 1) nprov = 1;
  npark = ndist * PARKS_PER_DISTRICT;
  nbuild = npark * BUILDINGS_PER_PARK;
  nuni = ncity * 2;
  nfund = ndist / 5 + 5;
  dist_city = calloc(ndist, sizeof *dist_city);
  city_zh = calloc(ncity, sizeof *city_zh);
  city_en = calloc(ncity, sizeof *city_en);
  if (!dist_city || !city_zh || !city_en) {
    fprintf(stderr, "bench_gen: out of memory\n");
    return 1;
  }

  gen_context();
  for (unsigned long long i = 1;; i++) gen_company(i); /* exits at N */
}
