// Managers: how well does the network cover the Western Balkans, and where is it thin?
//
//   node coverage.mjs [http://127.0.0.1:8000/graphql]
import { demoToken, graphql, run } from './lonet.mjs';

const COVERAGE = `query RegionCoverage($region: String) {
  coverage(region: $region) {
    asOf
    summary { countries covered singlePoint gap gapCells singlePointCells }
    countries { country { iso2 name } status officerCount coveredCompetences }
    singlePoints { country { iso2 } competence { code } officer { id name } hasDeputy }
  }
}`;

run(async () => {
  const token = await demoToken('manager-nl');
  const region = 'WESTERN_BALKANS';
  const { coverage } = await graphql(token, COVERAGE, { region });
  const s = coverage.summary;
  console.log(`${region} on ${coverage.asOf}: ${s.countries} countries, ${s.covered} covered, ` +
    `${s.singlePoint} by a single LO, ${s.gap} without an LO`);
  for (const c of coverage.countries) {
    console.log(`  ${c.country.iso2} ${c.country.name}: ${c.status}, ${c.officerCount} ${c.officerCount === 1 ? 'LO' : 'LOs'} for ${c.coveredCompetences.join(', ')}`);
  }
  for (const p of coverage.singlePoints) {
    const deputy = p.hasDeputy ? 'has a deputy' : 'no deputy';
    console.log(`  single point: ${p.country.iso2}/${p.competence.code} only ${p.officer.id} ${p.officer.name} (${deputy})`);
  }
});
