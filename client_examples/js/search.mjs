// Investigators: which LO helps a Belgian Federal Police investigator in Serbia on drugs?
//
//   node search.mjs [http://127.0.0.1:8000/graphql]
import { demoToken, graphql, run } from './lonet.mjs';

const SEARCH = `query FindLiaison($country: String!, $competence: String, $service: String) {
  searchLiaisons(country: $country, competence: $competence, requestingService: $service) {
    onDate
    matches { route score available reasons officer { id name } posting { city } }
    notes
  }
}`;

run(async () => {
  const token = await demoToken('investigator-be');
  const variables = { country: 'RS', competence: 'DRUGS', service: 'BE-FEDPOL' };
  const { searchLiaisons: result } = await graphql(token, SEARCH, variables);
  console.log(`LOs for ${variables.country}/${variables.competence}, serving ${variables.service}, on ${result.onDate}:`);
  result.matches.forEach((match, index) => {
    const { officer, posting } = match;
    const availability = match.available ? 'available' : 'not available';
    console.log(`  ${index + 1}. ${officer.id} ${officer.name} (${posting.city}): ${match.route}, score ${match.score}, ${availability}`);
    console.log(`     ${match.reasons.join('; ')}`);
  });
  for (const note of result.notes) console.log(`  note: ${note}`);
});
