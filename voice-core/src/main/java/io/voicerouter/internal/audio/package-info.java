/**
 * Implementation details of voicerouter, public only so that its own modules can share them. Not API:
 * anything here may change or go in any release; hosts use the packages outside {@code internal}.
 */
package io.voicerouter.internal.audio;
