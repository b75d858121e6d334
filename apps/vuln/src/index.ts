export { VulnModule } from './vuln.module';
export { VULN_CONFIG, VULN_OWN_CONFIG } from './config/vuln.config';
