import { templateAliases } from './aliases';
import { createMarketingTemplate, createTemplateAction } from './create-template';
import { deleteTemplateAction } from './delete-template';
import { getLocalTemplates } from './get-local-templates';
import { getTemplate } from './get-template';
import { getTemplateLibrary } from './get-template-library';
import { getTemplatePacing } from './get-template-pacing';
import { getTemplateQuality } from './get-template-quality';
import { getTemplates } from './get-templates';
import { refreshTemplates } from './refresh-templates';
import { sendAuthTemplate } from './send-auth-template';
import { sendCarouselTemplate } from './send-carousel-template';
import { sendCatalogTemplate } from './send-catalog-template';
import { sendCheckoutTemplate } from './send-checkout-template';
import { sendCouponTemplate } from './send-coupon-template';
import { sendFlowTemplate } from './send-flow-template';
import { sendLimitedOfferTemplate } from './send-limited-offer-template';
import { sendMpmTemplate } from './send-mpm-template';
import { sendUtilityTemplate } from './send-utility-template';
import { setTemplateTtl } from './set-template-ttl';
import { updateTemplateAction } from './update-template';
import { useLibraryTemplate } from './use-library-template';

export const templateActions = [
  getTemplates,
  getTemplate,
  getLocalTemplates,
  refreshTemplates,
  createTemplateAction,
  createMarketingTemplate,
  updateTemplateAction,
  deleteTemplateAction,
  setTemplateTtl,
  getTemplateLibrary,
  useLibraryTemplate,
  getTemplateQuality,
  getTemplatePacing,
  sendUtilityTemplate,
  sendAuthTemplate,
  sendCouponTemplate,
  sendLimitedOfferTemplate,
  sendCarouselTemplate,
  sendCatalogTemplate,
  sendMpmTemplate,
  sendFlowTemplate,
  sendCheckoutTemplate,
  ...templateAliases,
];
